using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Hosting;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dialogue.Bench.Host;

/// <summary>
/// The scaling runs: turn latency through the real <c>/api/messages</c> with 1k, 10k and 100k stored conversations, and
/// at the start versus the end of one 500-turn conversation. The stored conversations are copies, made with bulk SQL, of
/// the rows one real conversation through the bench dialog left (its state row and its inbox rows), so they look as a
/// real conversation leaves them. Each measured turn is one request at a time (no concurrency), so what is timed is the
/// cost of a turn, not queueing.
/// Arguments: the host's configuration (<c>--Database:Provider</c>, <c>--ConnectionStrings:Dialogue</c>), and
/// <c>--Scale:Sizes=1000,10000,100000</c>, <c>--Scale:Turns=200</c>, <c>--Scale:LongTurns=500</c>.
/// </summary>
public static class ScalingRun
{
    private const string Template = "scale-template";
    private static readonly string[] Texts = ["hei", "Kari", "ringe tannlegen", "i morgen"];

    public static async Task<int> RunAsync(string[] args)
    {
        await using var app = BenchProgram.Build(args, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["urls"] = "http://127.0.0.1:0",
        });
        var config = app.Configuration;
        var sizes = (config["Scale:Sizes"] ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var turns = config.GetValue("Scale:Turns", 200);
        var longTurns = config.GetValue("Scale:LongTurns", 500);

        await app.PrepareDialogueAsync().ConfigureAwait(false);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var factory = app.Services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();
        var provider = app.Services.GetRequiredService<DatabaseSettings>().Provider;

        // One real conversation through the dialog: its rows are the template for the stored ones.
        await CycleAsync(http, Template, "t", null).ConfigureAwait(false);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Scaling runs on {provider}: {turns} turns one at a time per size (p50 / p99 / mean, ms)");
        report.AppendLine("stored conversations |  p50  |  p99  |  mean | seeding");

        var seeded = 0;
        var random = new Random(7);
        foreach (var size in sizes)
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(factory, provider, seeded + 1, size).ConfigureAwait(false);
            seeding.Stop();
            seeded = size;

            // Warm-up on the template, then turns in stored conversations picked at random (each a whole cycle).
            await CycleAsync(http, "scale-warm-up", $"w{size}-", null).ConfigureAwait(false);
            var latencies = new List<double>();
            for (var k = 0; latencies.Count < turns; k++)
            {
                await CycleAsync(http, $"scale-{random.Next(1, size + 1)}", $"m{size}-{k}-", latencies).ConfigureAwait(false);
            }

            report.AppendLine(CultureInfo.InvariantCulture,
                $"{size,20} | {Percentile(latencies, 50),5:F2} | {Percentile(latencies, 99),5:F2} | {latencies.Average(),5:F2} | {seeding.Elapsed.TotalSeconds:F1} s");
        }

        // One long conversation: the first turns against the last.
        var all = new List<double>();
        var longId = $"scale-long-{Guid.NewGuid():N}";
        for (var k = 0; all.Count < longTurns; k++)
        {
            await CycleAsync(http, longId, $"l{k}-", all).ConfigureAwait(false);
        }

        const int window = 25;
        var first = all.Take(window).ToList();
        var last = all.Skip(all.Count - window).ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"One conversation of {all.Count} turns (after {seeded} stored ones):");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"  turns 1-{window}: p50 {Percentile(first, 50):F2} ms, mean {first.Average():F2} ms; turn 1: {all[0]:F2} ms");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"  turns {all.Count - window + 1}-{all.Count}: p50 {Percentile(last, 50):F2} ms, mean {last.Average():F2} ms; turn {all.Count}: {all[^1]:F2} ms");
        Console.Write(report.ToString());
        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>One pass through the dialog (4 turns), checking the summary; latencies of each turn are added.</summary>
    private static async Task CycleAsync(HttpClient http, string conversation, string idPrefix, List<double>? latencies)
    {
        for (var step = 0; step < Texts.Length; step++)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = $"{idPrefix}{step}",
                ["channelId"] = "test",
                ["serviceUrl"] = "http://127.0.0.1:1",
                ["deliveryMode"] = DeliveryModes.ExpectReplies,
                ["from"] = new JsonObject { ["id"] = $"user-{conversation}" },
                ["recipient"] = new JsonObject { ["id"] = "bot" },
                ["conversation"] = new JsonObject { ["id"] = conversation },
                ["text"] = Texts[step],
                ["locale"] = "nb-NO",
            };
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/api/messages", activity).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            watch.Stop();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Turn {step} in {conversation} answered {(int)response.StatusCode}: {body}");
            }

            if (step == Texts.Length - 1 && !body.Contains("Takk, Kari.", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The dialog in {conversation} did not end with the summary: {body}");
            }

            latencies?.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Copies the template conversation's state and inbox rows as conversations scale-{from} … scale-{to}.</summary>
    private static async Task SeedAsync(IDbContextFactory<DialogueDbContext> factory, DatabaseProvider provider, int from, int to)
    {
        if (from > to)
        {
            return;
        }

        await using var db = await factory.CreateDbContextAsync().ConfigureAwait(false);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await CopyAsync(db, provider, typeof(StateRecord), nameof(StateRecord.Key), from, to).ConfigureAwait(false);
        await CopyAsync(db, provider, typeof(InboundActivity), nameof(InboundActivity.ConversationId), from, to).ConfigureAwait(false);
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE").ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(DialogueDbContext db, DatabaseProvider provider, Type entity, string keyProperty, int from, int to)
    {
        var type = db.Model.FindEntityType(entity)!;
        var table = type.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = new List<string>();
        var values = new List<string>();
        string? keyColumn = null;
        foreach (var property in type.GetProperties())
        {
            if (property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd && property.IsPrimaryKey())
            {
                continue;
            }

            var column = property.GetColumnName(store)!;
            if (property.Name == keyProperty)
            {
                keyColumn = column;
            }

            columns.Add($"\"{column}\"");
            values.Add(property.ClrType == typeof(string)
                ? $"replace(t.\"{column}\", '{Template}', 'scale-' || CAST(n.i AS TEXT))"
                : $"t.\"{column}\"");
        }

        var series = provider == DatabaseProvider.Postgres
            ? $"generate_series({from}, {to}) AS n(i)"
            : $"(WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {to}) SELECT i FROM s) AS n";
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} " +
                  $"FROM \"{table}\" AS t CROSS JOIN {series} WHERE t.\"{keyColumn}\" LIKE '%{Template}'";
#pragma warning disable EF1002 // Built from the model and numbers, not from input.
        await db.Database.ExecuteSqlRawAsync(sql).ConfigureAwait(false);
#pragma warning restore EF1002
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
