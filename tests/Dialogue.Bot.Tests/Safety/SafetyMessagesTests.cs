using System.Net;
using System.Text.Json;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Framework.Protocol;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dialogue.Bot.Tests.Safety;

/// <summary>Distress on the Bot Framework Activity protocol (/api/messages), and who may see and act on escalations.</summary>
public sealed class SafetyMessagesTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task On_api_messages_the_first_reply_has_113_and_a_handoff_initiate_event_carries_the_transcript(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        await app.SayAsync("c-acute", "hei", from: "demo-kari");
        var (status, replies) = await app.PostAsync(Activities.Message("c-acute", "jeg har tenkt å ta livet mitt i natt", from: "demo-kari"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("113", replies[0].Text, StringComparison.Ordinal);
        var handoff = Assert.Single(replies, r => r.Type == ActivityTypes.Event);
        Assert.Equal(HandoffInitiation.EventName, handoff.Name);
        Assert.Equal("acute", handoff.Value!.Value.GetProperty("level").GetString());
        var transcript = Assert.Single(handoff.Attachments!);
        Assert.Equal("Transcript", transcript.Name);
        var texts = transcript.Content!.Value.GetProperty("activities").EnumerateArray()
            .Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Contains("hei", texts);
        Assert.Equal("jeg har tenkt å ta livet mitt i natt", texts[^1]);
        Assert.Equal(RiskLevel.Acute, await app.WithDbAsync(d => d.Escalations.Select(e => e.Level).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_repeated_cry_for_help_in_the_same_conversation_is_added_to_the_open_escalation_not_a_new_alarm(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        var first = await app.SayAsync("c-repeat", "har sprukket igjen, ute å kjøre hele helga", from: "demo-kari");
        var second = await app.SayAsync("c-repeat", "suget er helt jævlig", from: "demo-kari");

        Assert.Contains("116 123", first[0], StringComparison.Ordinal);
        Assert.Contains("116 123", second[0], StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(d => d.Escalations.CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(d => d.Outbox.CountAsync(o => o.ConversationId == "+4799990101")));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Several_moderate_messages_in_one_conversation_add_up_to_high(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        await app.SayAsync("c-moderate", "sover så dårlig for tida", from: "demo-ola");
        await app.SayAsync("c-moderate", "føler meg ensom", from: "demo-ola");
        var third = await app.SayAsync("c-moderate", "er så stressa og lei meg", from: "demo-ola");

        Assert.Contains("116 123", third[0], StringComparison.Ordinal);
        var levels = await app.WithDbAsync(d => d.Escalations.Select(e => e.Level).ToListAsync());
        Assert.Contains(RiskLevel.High, levels);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_veileder_from_another_office_cannot_see_or_touch_an_escalation_and_nobody_unsigned_gets_in(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.SayAsync("c-office", "vil ikke leve mer", from: "demo-kari");
        var marte = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        var amina = await StaffApiClient.SignInAsync(app, StaffApiClient.Amina);
        var id = (await marte.InboxAsync())[0]!["id"]!.GetValue<Guid>();

        Assert.Empty(await amina.InboxAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await amina.GetAsync($"/veileder/api/escalations/{id}")).Status);
        foreach (var action in new[] { "acknowledge", "in-contact", "takeover" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await amina.PostAsync($"/veileder/api/escalations/{id}/{action}")).Status);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await amina.PostAsync($"/veileder/api/escalations/{id}/resolve", new { note = "x" })).Status);
        var untouched = await app.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(Dialogue.Safety.Escalation.EscalationStatus.Open, untouched.Status);

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/veileder/api/escalations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/veileder/api/escalations/{id}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/veileder/api/events")).StatusCode);

        var details = (await marte.GetAsync($"/veileder/api/escalations/{id}")).Body!;
        Assert.Contains("vil ikke leve mer", details["transcript"]!.ToJsonString(new JsonSerializerOptions()), StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Resolving_needs_a_note_and_a_resolved_escalation_cannot_be_resolved_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.SayAsync("c-resolve", "har mista metadonen min", from: "demo-kari");
        var marte = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        var id = (await marte.InboxAsync())[0]!["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.BadRequest, (await marte.PostAsync($"/veileder/api/escalations/{id}/resolve", new { note = " " })).Status);
        Assert.Equal(HttpStatusCode.OK, (await marte.PostAsync($"/veileder/api/escalations/{id}/in-contact")).Status);
        Assert.Equal(HttpStatusCode.OK, (await marte.PostAsync($"/veileder/api/escalations/{id}/resolve", new { note = "Ny resept ordnet med LAR." })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await marte.PostAsync($"/veileder/api/escalations/{id}/resolve", new { note = "igjen" })).Status);
        Assert.Empty(await marte.InboxAsync());
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_staff_event_stream_tells_the_office_live_when_an_escalation_is_raised(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        var marte = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/veileder/api/events");
        using var response = await marte.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        Assert.Equal(": connected", await reader.ReadLineAsync());

        await app.SayAsync("c-live", "har tatt en overdose", from: "demo-kari");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));

        Assert.NotNull(line);
        Assert.Contains("\"type\":\"escalation.raised\"", line, StringComparison.Ordinal);
        Assert.Contains("\"level\":\"acute\"", line, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    public async Task The_staff_event_stream_ends_when_the_app_stops_so_a_shutdown_does_not_wait_for_open_workspaces(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        var marte = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/veileder/api/events");
        using var response = await marte.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        Assert.Equal(": connected", await reader.ReadLineAsync());

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // The stream ends by itself (a guard against hanging: without the fix it would stay open until the client left).
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var rest = await reader.ReadToEndAsync(guard.Token);
        Assert.DoesNotContain("data:", rest, StringComparison.Ordinal);
    }
}
