using System.Security.Cryptography;
using System.Text;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>The outcome of a development sign-in.</summary>
public enum DevSignInOutcome
{
    SignedIn,
    WrongIdentOrPassword,
    Locked,
}

public sealed record DevSignInResult(DevSignInOutcome Outcome, StaffUser? User = null, DateTimeOffset? RetryAt = null);

/// <summary>
/// Development only: the accounts are the veiledere in the database (ident, names, office, role), all with the password
/// <c>Staff:DevPassword</c> (default <c>dialogue-demo</c>), compared in constant time. Repeated failures lock the ident
/// (<see cref="DevLoginThrottle"/>). Neither passwords nor tokens are ever logged.
/// </summary>
public sealed partial class DevAccounts(
    IDbContextFactory<DialogueDbContext> databases, StaffAuthSettings settings, DevLoginThrottle throttle, ILogger<DevAccounts> logger)
{
    /// <summary>NAV idents are short (one letter and six digits); anything longer is refused without a look-up.</summary>
    private const int MaxIdentLength = 20;

    public async Task<DevSignInResult> SignInAsync(string? ident, string? password, CancellationToken cancellationToken)
    {
        var key = (ident ?? string.Empty).Trim().ToUpperInvariant();
        if (key.Length is 0 or > MaxIdentLength)
        {
            return new DevSignInResult(DevSignInOutcome.WrongIdentOrPassword);
        }

        if (throttle.LockedUntil(key) is { } until)
        {
            LogLocked(logger, Loggable(key), until);
            return new DevSignInResult(DevSignInOutcome.Locked, RetryAt: until);
        }

        var passwordOk = PasswordMatches(password ?? string.Empty, settings.DevPassword);
        Veileder? veileder;
        var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var id = new VeilederId(key);
            veileder = await db.Veiledere.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken).ConfigureAwait(false);
        }

        if (!passwordOk || veileder is null)
        {
            throttle.Failed(key);
            LogFailed(logger, Loggable(key), veileder is null ? "unknown ident" : "wrong password");
            return new DevSignInResult(DevSignInOutcome.WrongIdentOrPassword);
        }

        throttle.Succeeded(key);
        var user = new StaffUser(veileder.Id, veileder.FirstName, $"{veileder.FirstName} {veileder.LastName}".Trim(), veileder.OfficeId, veileder.Role);
        LogSignedIn(logger, key, user.Office.Value, user.Role);
        return new DevSignInResult(DevSignInOutcome.SignedIn, user);
    }

    /// <summary>
    /// The ident as it may be logged: only when it has the shape of a NAV ident (a letter and six digits). Anything else
    /// may be a password typed into the wrong field, so it is never written to the log.
    /// </summary>
    internal static string Loggable(string ident) =>
        ident.Length == 7 && char.IsAsciiLetterUpper(ident[0]) && ident[1..].All(char.IsAsciiDigit) ? ident : "(not a NAV ident)";

    /// <summary>Constant time for any length: both sides are hashed first.</summary>
    internal static bool PasswordMatches(string given, string expected) =>
        expected.Length > 0
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Development sign-in as {Ident} (office {Office}, {Role})")]
    private static partial void LogSignedIn(ILogger logger, string ident, string office, StaffRole role);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "Development sign-in refused for {Ident}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string ident, string reason);

    [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "Development sign-in refused for {Ident}: too many failed attempts, locked until {Until:O}")]
    private static partial void LogLocked(ILogger logger, string ident, DateTimeOffset until);
}
