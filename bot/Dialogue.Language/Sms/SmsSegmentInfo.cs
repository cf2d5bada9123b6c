namespace Dialogue.Language;

/// <summary>
/// How a text goes out as SMS: in GSM-7 or UCS-2, how many units it takes (septets for GSM-7, UTF-16 code units for
/// UCS-2) and how many SMS parts.
/// </summary>
public sealed record SmsSegmentInfo(bool IsGsm7, int Units, int Segments);
