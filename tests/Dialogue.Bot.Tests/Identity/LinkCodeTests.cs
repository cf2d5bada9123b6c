using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Identity;

/// <summary>
/// Linking a web chat to a case with a one-time code from the veileder: six digits, 24 hours, once, stored hashed,
/// and a guard against guessing. The seeded demo person Kari is the one the veileder issues codes for.
/// </summary>
public sealed class LinkCodeTests
{
    private static string T(TextId id, params (string Name, string Value)[] args) =>
        TextCatalog.Bokmal.Render(id, args.ToDictionary(a => a.Name, a => a.Value));

    private static readonly string[] KariWelcome =
        [T("link.done"), T("welcome.intro", ("name", "Kari")), T("welcome.privacy", ("veileder", "Marte")), T("welcome.ask_time")];

    private static async Task<List<string>> Web(DialogueApp app, string text, string from = "browser-1", string? conversation = null)
    {
        var (status, replies) = await app.PostAsync(
            Activities.Message(conversation ?? $"web-{from}", text, channelId: "webchat", from: from));
        Assert.Equal(HttpStatusCode.OK, status);
        return replies.Select(r => r.Text ?? string.Empty).ToList();
    }

    private static Task<PersonId> PersonAsync(DialogueApp app, string firstName) =>
        app.WithDbAsync(d => d.Persons.Where(p => p.FirstName == firstName).Select(p => p.Id).SingleAsync());

    private static async Task<IssuedLinkCode> IssueAsync(DialogueApp app, string firstName = "Kari") =>
        (await LinkCodeIssuer.IssueAsync(
            app.Services.GetRequiredService<IDbContextFactory<DialogueDbContext>>(), await PersonAsync(app, firstName), app.Clock, CancellationToken.None))!;

    private static string Other(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private static Task<PersonId?> LinkedAsync(DialogueApp app, string account, string channel = "webchat") =>
        app.WithDbAsync(d => d.ChannelLinks.Where(l => l.ChannelId == channel && l.AccountId == account)
            .Select(l => (PersonId?)l.PersonId).SingleOrDefaultAsync());

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_code_from_the_veileder_links_the_chat_and_starts_the_persons_plan_conversation(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);

        Assert.Equal([T("stranger.intro"), T("stranger.menu.ask")], await Web(app, "hei"));
        Assert.Equal([T("stranger.code.ask")], await Web(app, "Jeg har en kode"));
        Assert.Equal(KariWelcome, await Web(app, issued.Code));
        Assert.Equal([T("checkin.ask", ("title", "Lage en CV"))], await Web(app, "ja"));

        Assert.Equal(issued.PersonId, await LinkedAsync(app, "browser-1"));
        var code = await app.WithDbAsync(d => d.LinkCodes.SingleAsync());
        Assert.Equal(app.Clock.Now, code.UsedAt);

        // A new conversation from the same account: PersonResolver finds the link; Kari is welcomed back.
        Assert.Equal([T("welcome.back", ("name", "Kari")), T("welcome.ask_time")], await Web(app, "hei", conversation: "the-next-day"));
    }

    [Fact]
    public async Task A_code_typed_straight_away_with_a_space_in_it_works_too()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);

        Assert.Equal(KariWelcome, await Web(app, $"koden er {issued.Code[..3]} {issued.Code[3..]}"));
    }

    [Fact]
    public async Task A_wrong_code_gets_a_kind_retry_and_the_right_one_still_works()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);
        await Web(app, "hei");
        await Web(app, "Jeg har en kode");

        Assert.Equal([T("link.wrong"), T("stranger.code.ask")], await Web(app, Other(issued.Code)));
        Assert.Equal([T("link.format"), T("stranger.code.ask")], await Web(app, "12345"));
        Assert.Equal(KariWelcome, await Web(app, issued.Code));
    }

    [Fact]
    public async Task Someone_without_a_code_after_all_is_told_how_to_get_one_and_sees_the_choices_again()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Web(app, "hei");
        await Web(app, "Jeg har en kode");

        Assert.Equal([T("stranger.code.none"), T("stranger.menu.ask")], await Web(app, "har ikke fått noen"));
    }

    [Fact]
    public async Task An_expired_a_used_and_a_replaced_code_get_the_same_answer_as_a_wrong_one()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var wrong = await Web(app, Other((await IssueAsync(app, "Siri")).Code), from: "browser-0");

        // Replaced: a newer code for the same person revokes the older one.
        var replaced = await IssueAsync(app);
        var current = await IssueAsync(app);
        Assert.Equal(wrong, await Web(app, replaced.Code, from: "browser-1"));

        // Used: it works once.
        Assert.Equal(KariWelcome, await Web(app, current.Code, from: "browser-2"));
        Assert.Equal(wrong, await Web(app, current.Code, from: "browser-3"));

        // Expired: 24 hours after it was issued.
        var ola = await IssueAsync(app, "Ola");
        app.Clock.Now += LinkCodes.Lifetime;
        Assert.Equal(wrong, await Web(app, ola.Code, from: "browser-4"));

        Assert.Equal([T("link.wrong")], wrong);
        Assert.Equal(1, await app.WithDbAsync(d => d.ChannelLinks.CountAsync(l => l.ChannelId == "webchat" && l.AccountId.StartsWith("browser"))));
    }

    [Fact]
    public async Task Five_wrong_codes_within_an_hour_lock_further_tries_for_an_hour()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);
        var wrong = Other(issued.Code);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal([T("link.wrong")], await Web(app, wrong));
            app.Clock.Now += TimeSpan.FromMinutes(10);
        }

        Assert.Equal([T("link.locked")], await Web(app, wrong));
        Assert.Equal([T("link.locked")], await Web(app, issued.Code));
        await Web(app, "hei");
        Assert.Equal([T("link.locked")], await Web(app, "Jeg har en kode"));

        // The same account in a new conversation is locked too.
        app.Clock.Now += TimeSpan.FromMinutes(59);
        Assert.Equal([T("link.locked")], await Web(app, issued.Code, conversation: "another-tab"));
        Assert.Null(await LinkedAsync(app, "browser-1"));

        app.Clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(KariWelcome, await Web(app, issued.Code));
    }

    [Fact]
    public async Task Wrong_codes_spread_over_more_than_an_hour_do_not_lock()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);

        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal([T("link.wrong")], await Web(app, Other(issued.Code)));
            app.Clock.Now += TimeSpan.FromMinutes(20);
        }
    }

    [Fact]
    public async Task On_sms_a_code_is_neither_offered_nor_taken()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);

        var (_, replies) = await app.PostAsync(Activities.Message("sms-code", issued.Code, channelId: "sms", from: "+4790000009"));

        Assert.Equal(T("stranger.intro"), replies[0].Text);
        Assert.DoesNotContain(T("stranger.choice.code"), replies[^1].Text);
        Assert.Null(await LinkedAsync(app, "+4790000009", "sms"));
        Assert.Null((await app.WithDbAsync(d => d.LinkCodes.SingleAsync())).UsedAt);
    }

    [Fact]
    public async Task A_linked_person_typing_six_digits_is_not_relinked()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var olasCode = await IssueAsync(app, "Ola");

        await Web(app, olasCode.Code, from: "demo-kari");

        Assert.Equal(await PersonAsync(app, "Kari"), await LinkedAsync(app, "demo-kari"));
        Assert.Null((await app.WithDbAsync(d => d.LinkCodes.SingleAsync())).UsedAt);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_code_is_six_random_digits_valid_for_a_day_and_stored_only_as_a_salted_hash(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        var kari = await IssueAsync(app);
        var ola = await IssueAsync(app, "Ola");

        Assert.Matches("^[0-9]{6}$", kari.Code);
        Assert.NotEqual(kari.Code, ola.Code);
        Assert.Equal(app.Clock.Now + TimeSpan.FromHours(24), kari.ExpiresAt);
        var rows = await app.WithDbAsync(d => d.LinkCodes.AsNoTracking().ToListAsync());
        var row = rows.Single(r => r.PersonId == kari.PersonId);
        Assert.Equal(kari.ExpiresAt, row.ExpiresAt);
        Assert.DoesNotContain(kari.Code, row.Hash + row.Salt);
        var expected = SHA256.HashData([.. Convert.FromHexString(row.Salt), .. Encoding.UTF8.GetBytes(kari.Code)]);
        Assert.Equal(Convert.ToHexString(expected), row.Hash);
        Assert.Equal(16, Convert.FromHexString(row.Salt).Length);
        Assert.NotEqual(row.Salt, rows.Single(r => r.PersonId == ola.PersonId).Salt);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Two_turns_racing_for_one_code_cannot_both_use_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        var issued = await IssueAsync(app);
        var factory = app.Services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();
        await using var first = await factory.CreateDbContextAsync();
        await using var second = await factory.CreateDbContextAsync();

        Assert.Equal(issued.PersonId, await LinkCodes.RedeemAsync(new EfLinkCodeStore(first), issued.Code, "webchat", "tab-1", app.Clock, default));
        Assert.Equal(issued.PersonId, await LinkCodes.RedeemAsync(new EfLinkCodeStore(second), issued.Code, "webchat", "tab-2", app.Clock, default));
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Null(await LinkedAsync(app, "tab-2"));
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("Koden min er 042042.", "042042")]
    [InlineData("kode: 000001", "000001")]
    [InlineData("12345", null)]
    [InlineData("1234567", null)]
    [InlineData("ring meg på 123456", null)]
    [InlineData("99 99 00 01", null)]
    [InlineData("", null)]
    public void A_message_is_a_code_only_when_it_is_six_digits_and_nothing_else(string text, string? code)
    {
        Assert.Equal(code is not null, LinkCodes.TryRead(text, out var read));
        Assert.Equal(code ?? string.Empty, read);
    }
}
