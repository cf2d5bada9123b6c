using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Cli;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Retention;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Journal;

/// <summary>A person can have everything stored about them, and nothing about anybody else, as one JSON document.</summary>
public sealed class PersonExportTests
{
    private static readonly PersonId Kari = new(Guid.Parse("de300000-0000-4000-8000-004799990001"));
    private static readonly PersonId Ola = new(Guid.Parse("de300000-0000-4000-8000-004799990002"));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Karis_export_holds_her_data_of_every_kind_and_nothing_of_Olas_and_the_command_writes_it_as_json(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        var now = app.Clock.Now;

        // Kari: a message that escalates, taken over and handed back by her veileder, plus one of every other record.
        await app.SayAsync("kari", "vil ikke leve lenger", from: "demo-kari");
        var staff = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        var escalation = (await staff.InboxAsync()).Select(e => e!["id"]!.GetValue<Guid>()).First();
        var handoff = (await staff.PostAsync($"/veileder/api/escalations/{escalation}/takeover")).Body!["handoffId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/handoffs/{handoff}/end")).Status);
        await AddRecordsAsync(app, Kari, "kari", now);

        // Ola: his own words in every kind of record, none of which may show up in Kari's export.
        await app.SayAsync("ola", "ola-skriver-her", from: "demo-ola");
        await AddRecordsAsync(app, Ola, "ola", now);

        var export = await app.Services.GetRequiredService<PersonExport>().ExportAsync(Kari, CancellationToken.None);

        Assert.NotNull(export);
        Assert.Equal(PersonExport.Version, export["version"]!.GetValue<int>());
        Assert.Equal(("Kari", "Få fast jobb i butikk"), (export["person"]!["firstName"]!.GetValue<string>(), export["person"]!["goal"]!.GetValue<string>()));
        Assert.Equal(["+4799990001"], export["phones"]!.AsArray().Select(p => p!.GetValue<string>()));
        foreach (var kind in new[] { "channelLinks", "activities", "appointments", "summaries", "moods", "lifeSituation", "escalations", "handoffs", "contactRequests", "enquiries", "checkInSchedules", "reminderSettings", "journal" })
        {
            Assert.True(export[kind] is JsonArray { Count: > 0 }, $"{kind} is empty");
        }

        var text = export.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var marker in new[] { "kari-humør", "kari-bolig", "kari-referat", "kari-tid", "kari-spørsmål", "Søke på to jobber", "vil ikke leve lenger" })
        {
            Assert.Contains(marker, text, StringComparison.Ordinal);
        }

        foreach (var marker in new[] { "ola-", "LAR-klinikken", Ola.Value.ToString("D"), "+4799990002", "demo-ola" })
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }

        var history = export["escalations"]![0]!["history"]!.AsArray().Select(h => h!["type"]!.GetValue<string>()).ToList();
        Assert.Contains("handoff_started", history);
        var journal = export["journal"]!.AsArray();
        var times = journal.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Contains(journal, e => e!["kind"]!.GetValue<string>() == "message.in" && e["text"]?.GetValue<string>() == "vil ikke leve lenger");
        Assert.Contains(journal, e => e!["kind"]!.GetValue<string>() == "handoff.start");

        // The command writes the same document to a file, as valid JSON.
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output) = Run(db, Kari.Value.ToString("D"), "--out", file);
            Assert.True(exit == 0, output);
            using var written = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            Assert.Equal(PersonExport.Version, written.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(Kari.Value, written.RootElement.GetProperty("person").GetProperty("id").GetGuid());
            Assert.Equal(journal.Count, written.RootElement.GetProperty("journal").GetArrayLength());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_command_refuses_an_unknown_or_malformed_id_with_a_message()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var app = new DialogueApp(db))
        {
            _ = app.Services; // schema and demo data
        }

        var unknown = Guid.NewGuid().ToString("D");
        var (exit, output) = Run(db, unknown);
        Assert.Equal(1, exit);
        Assert.Contains($"there is no person with id {unknown}", output, StringComparison.Ordinal);

        (exit, output) = Run(db, "kari");
        Assert.Equal(2, exit);
        Assert.Contains("'kari' is not a person id", output, StringComparison.Ordinal);

        (exit, output) = Run(db);
        Assert.Equal(2, exit);
        Assert.Contains("Usage: export-person", output, StringComparison.Ordinal);

        // Stdout gets the document when no file is named.
        (exit, output) = Run(db, Kari.Value.ToString("D"));
        Assert.Equal(0, exit);
        Assert.Equal(Kari.Value, JsonDocument.Parse(output).RootElement.GetProperty("person").GetProperty("id").GetGuid());
    }

    private static (int Exit, string Output) Run(TestDatabase db, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(
            ["export-person", .. args, $"--Database:Provider={db.Provider}", $"--ConnectionStrings:Dialogue={db.ConnectionString}"], output, error);
        return (exit, output + error.ToString());
    }

    private static Task<int> AddRecordsAsync(DialogueApp app, PersonId person, string marker, DateTimeOffset now) => app.WithDbAsync(async d =>
    {
        var who = await d.Persons.Include(p => p.Phones).SingleAsync(p => p.Id == person);
        d.CheckInSchedules.Add(new CheckInSchedule
        {
            Id = CheckInScheduleId.New(), PersonId = person, Phone = who.Phones[0].Number, Day = DayOfWeek.Monday, Time = new TimeOnly(10, 0),
            NextDueAt = now.AddDays(30), UpdatedBy = who.VeilederId, UpdatedAt = now,
        });
        d.ReminderSettings.Add(new ReminderSetting { PersonId = person, Phone = who.Phones[0].Number, UpdatedBy = who.VeilederId, UpdatedAt = now });
        d.Moods.Add(new MoodEntry { Id = Guid.NewGuid(), PersonId = person, Score = 4, Word = $"{marker}-humør", At = now });
        d.LifeSituation.Add(new LifeSituationAnswer { Id = Guid.NewGuid(), PersonId = person, Topic = LifeTopic.Housing, Answer = $"{marker}-bolig", At = now });
        d.Summaries.Add(new ConversationSummary
        {
            Id = Guid.NewGuid(), PersonId = person, ChannelId = "test", ConversationId = marker, Text = $"{marker}-referat", Confirmed = true, CreatedAt = now,
        });
        d.ContactRequests.Add(new ContactRequest
        {
            Id = Guid.NewGuid(), PersonId = person, OfficeId = new OfficeId("0219"), VeilederId = new VeilederId("Z990001"),
            PreferredTimeText = $"{marker}-tid", ChannelId = "test", ConversationId = marker, CreatedAt = now,
        });
        d.Enquiries.Add(new Enquiry
        {
            Id = Guid.NewGuid(), PersonId = person, OfficeId = new OfficeId("0219"), Kind = EnquiryKind.Question, Text = $"{marker}-spørsmål", CreatedAt = now,
        });
        return await d.SaveChangesAsync();
    });
}
