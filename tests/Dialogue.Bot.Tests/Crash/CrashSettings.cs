using System.Globalization;

namespace Dialogue.Bot.Tests.Crash;

/// <summary>
/// How big a crash run is. The defaults are the CI scale (both databases in about three minutes on two cores); the
/// longer run sets them from the environment, e.g.
/// <c>CRASH_KILLS=20 CRASH_CONVERSATIONS=300 CRASH_MESSAGES=6 dotnet test tests/Dialogue.Bot.Tests -c Release --filter Category=Crash</c>.
/// </summary>
public sealed record CrashSettings(int Conversations, int Messages, int Kills, int Seed, double CrisisShare)
{
    public static CrashSettings FromEnvironment() => new(
        Conversations: Read("CRASH_CONVERSATIONS", 100, minimum: 2),
        Messages: Read("CRASH_MESSAGES", 4, minimum: 1),
        Kills: Read("CRASH_KILLS", 3, minimum: 0),
        Seed: Read("CRASH_SEED", 20261206, minimum: 0),
        CrisisShare: 0.2);

    /// <summary>Half the conversations (rounded up) are SMS, the rest web chat over Direct Line.</summary>
    public int SmsConversations => (Conversations + 1) / 2;

    public int WebConversations => Conversations - SmsConversations;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"conversations={Conversations} (sms {SmsConversations}, web {WebConversations}) messages={Messages} kills={Kills} seed={Seed}");

    private static int Read(string name, int fallback, int minimum)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number of at least {minimum}, not '{text}'.");
    }
}
