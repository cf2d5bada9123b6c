using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// Token lifetime checked on the app's <see cref="TimeProvider"/>. The JwtBearer handler does not hand its clock to
/// IdentityModel, so without this the check would read the system clock.
/// </summary>
internal static class StaffTokenLifetime
{
    public static LifetimeValidator On(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } from && from.ToUniversalTime() > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = from };
        }

        if (expires.Value.ToUniversalTime() < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    };
}
