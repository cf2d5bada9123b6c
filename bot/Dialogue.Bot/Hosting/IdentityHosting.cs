using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Hosting;

/// <summary>People the bot does not know: where their messages go (<c>Offices:Reception</c>) and link codes.</summary>
public static class IdentityHosting
{
    public const string ReceptionKey = "Offices:Reception";

    public static WebApplicationBuilder AddDialogueIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var reception = ReceptionOffice(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<ITurnServices>(sp =>
            new IdentityTurnServices(reception, sp.GetRequiredService<ILogger<IdentityTurnServices>>()));
        return builder;
    }

    /// <summary>
    /// The office that gets messages from people not linked to a case. Unset: with the demo data (Development) the
    /// demo office NAV Bærum; otherwise none here, and the only office is used when there is exactly one.
    /// </summary>
    public static OfficeId? ReceptionOffice(IConfiguration config, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var value = config[ReceptionKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return config.GetValue("Demo:Seed", environment.IsDevelopment()) ? DemoData.Baerum : null;
        }

        try
        {
            return new OfficeId(value.Trim());
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{ReceptionKey} must be an office id of four digits, such as 0219, not '{value}'.", ex);
        }
    }
}
