using Dialogue.Bot.Hosting;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;

namespace Dialogue.Bench.Host;

/// <summary>
/// <c>serve</c> (default): the real host with the bench dialog, for the load run (<c>tests/bench/run.sh</c>).
/// <c>scale</c>: the scaling runs (<c>tests/bench/scaling.sh</c>, see <see cref="ScalingRun"/>).
/// Configuration as for the bot (<c>Database:Provider</c>, <c>ConnectionStrings:Dialogue</c>, <c>--urls</c>), in the
/// Production environment with logging at Warning and no demo data.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "scale")
        {
            return await ScalingRun.RunAsync(args[1..]).ConfigureAwait(false);
        }

        var rest = args.Length > 0 && args[0] == "serve" ? args[1..] : args;
        var app = Build(rest);
        await app.PrepareDialogueAsync().ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>The real app (<see cref="DialogueHost"/>), with only the dialog and its texts swapped.</summary>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Production-like defaults, under the environment and the command line.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Demo:Seed"] = "false",
            ["Conversation:ExpireAfter"] = "1.00:00:00",

            // wrk sends every conversation from one address: the per-address limiter stays in the path (its cost is
            // part of a real turn) but with a budget the load never reaches.
            ["RateLimits:MessagesPerMinute"] = "1000000000",
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.AddDialogue();

        // Swap the dialog: the last registration is the one resolved.
        var services = builder.Services;
        services.AddSingleton(BenchDialog.Catalog());
        services.AddSingleton(_ => new DialogSet(BenchDialog.Dialogs()));
        services.AddSingleton<IBot>(sp => new DialogBot(sp.GetRequiredService<DialogSet>(), BenchDialog.Id));

        var app = builder.Build();
        app.MapDialogue();
        return app;
    }
}
