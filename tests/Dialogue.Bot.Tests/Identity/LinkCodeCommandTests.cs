using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Bot.Cli;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Identity;

/// <summary>The <c>link-code &lt;personId&gt;</c> command on the configured database.</summary>
public sealed class LinkCodeCommandTests
{
    private static (int Exit, string Output, string Error) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = command(output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Database(TestDatabase db) =>
        [$"--Database:Provider={db.Provider}", $"--ConnectionStrings:Dialogue={db.ConnectionString}"];

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Link_code_prints_a_code_for_the_person_that_links_a_web_chat(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        var kari = await app.WithDbAsync(d => d.Persons.Where(p => p.FirstName == "Kari").Select(p => p.Id).SingleAsync());

        var (exit, output, error) = Run((o, e) => LinkCodeCommand.Run([kari.ToString(), .. Database(db)], o, e, app.Clock));

        Assert.True(exit == 0, error);
        var printed = JsonNode.Parse(output)!;
        Assert.Equal(kari.ToString(), (string?)printed["personId"]);
        Assert.Equal("2026-11-19T12:15:00Z", (string?)printed["expiresAt"]);
        var code = (string)printed["code"]!;
        Assert.Matches("^[0-9]{6}$", code);

        var (status, replies) = await app.PostAsync(Activities.Message("cli", code, channelId: "webchat", from: "browser-cli"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(TextCatalog.Bokmal.Render("link.done"), replies[0].Text);
    }

    [Fact]
    public async Task Link_code_through_the_command_line_uses_the_configured_database_and_refuses_an_unknown_person()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var kari = await app.WithDbAsync(d => d.Persons.Where(p => p.FirstName == "Kari").Select(p => p.Id).SingleAsync());

        var (exit, output, _) = Run((o, e) => CommandLine.Run(["link-code", kari.ToString(), .. Database(db)], o, e));
        var unknown = Run((o, e) => CommandLine.Run(["link-code", Guid.NewGuid().ToString(), .. Database(db)], o, e));

        Assert.Equal(0, exit);
        var expires = DateTimeOffset.Parse((string)JsonNode.Parse(output)!["expiresAt"]!, CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Equal(1, await app.WithDbAsync(d => d.LinkCodes.CountAsync()));
        Assert.Equal((1, string.Empty), (unknown.Exit, unknown.Output));
        Assert.Contains("no person", unknown.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("link-code")]
    [InlineData("link-code", "not-a-guid")]
    [InlineData("link-code", "6f1c2a43-6a0e-4a43-9d55-0d0c1ba1c001", "extra")]
    public void Link_code_with_bad_arguments_exits_2_with_a_message(params string[] args)
    {
        var (exit, output, error) = Run((o, e) => CommandLine.Run(args, o, e));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("link-code", error, StringComparison.Ordinal);
    }
}
