using Dialogue.Bot.Cli;
using Dialogue.Bot.Hosting;

if (CommandLine.IsCommand(args))
{
    return CommandLine.RunOnConsole(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddDialogue();

var app = builder.Build();
app.MapDialogue();
await app.PrepareDialogueAsync().ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The host's entry point (public so in-process tests can start it).</summary>
public partial class Program;
