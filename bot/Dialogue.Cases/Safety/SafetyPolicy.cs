using System.Collections.Concurrent;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;

namespace Dialogue.Cases.Safety;

/// <summary>The configured rules escalations follow: each office's hours, the SLA deadlines, and the safety settings.</summary>
public sealed class SafetyPolicy
{
    private readonly OfficeHoursOptions _hours;
    private readonly ConcurrentDictionary<OfficeId, OfficeHours> _byOffice = new();
    private readonly OfficeHours _default;

    public SafetyPolicy(OfficeHoursOptions hours, SlaSettings sla, SafetySettings settings)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(settings);
        hours.Validate();
        settings.Validate();
        _hours = hours;
        _default = hours.Default.ToOfficeHours($"{OfficeHoursOptions.SectionName}:Default");
        Sla = new SlaPolicy(sla);
        Settings = settings;
    }

    public SlaPolicy Sla { get; }

    public SafetySettings Settings { get; }

    /// <summary>The office's hours; the default hours when the office is not known (an unassigned queue).</summary>
    public OfficeHours HoursFor(OfficeId? office) =>
        office is { } id ? _byOffice.GetOrAdd(id, o => _hours.For(o)) : _default;
}
