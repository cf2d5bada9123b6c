using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Channels.Sms;

namespace Dialogue.Bot.Tests.Fuzz;

/// <summary>
/// Makes requests from one seed: a valid request for a public endpoint, then (most of the time) one or more
/// mutations of it — broken or truncated JSON, deep nesting, bodies at and over the size limits, wrong types, invalid
/// UTF-8, RTL and zero-width characters, emoji, 1 600-character SMS, markup and SQL-looking text, wrong content
/// types, chunked bodies, bad percent-encoding and path traversal, huge and duplicate headers, broken tokens and
/// signatures. The same seed gives the same requests in the same order.
/// </summary>
public sealed class FuzzGenerator(int seed, FuzzContext context)
{
    private readonly Random _random = new(seed);
    private int _counter;

    /// <summary>Texts people (or attackers) could send.</summary>
    public static readonly string[] Texts =
    [
        "hei", "ja", "nei", "1", "3", "STOPP", "START", "HJELP", "VEILEDER", "AVBRYT", "i morgen", "på fredag kl 10",
        "Jeg har fått nytt nummer", "Ola, 912 34 567", "blåbærsyltetøy ÆØÅ æøå", "orker ikke mer", "har tatt alle pillene mine 💊",
        "مرحبا كيف حالك", "\u202Eevil.exe\u202C", "\u200Bh\u200Ce\u200Di\uFEFF", "💊🙂👍🏽👨‍👩‍👧🏳️‍🌈", "\U0001F600\U0001F4A9",
        new string('a', 1600), string.Concat(Enumerable.Repeat("Dette er en lang SMS. ", 73)), new string('x', 20_000),
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "javascript:alert(1)",
        "'; DROP TABLE inbound_activities; --", "1' OR '1'='1", "\" OR 1=1 --", "{{7*7}} ${7*7} %s %n {0}",
        "\u0000\u0001\u0007\u001b[31m", "\uD800", "\uDFFF\uD800", "../../../etc/passwd", "%00%0d%0a", "\r\nX-Injected: 1",
        "08012312345", "+4799990001", "", " ", "\t\n",
    ];

    private static readonly string[] Numbers =
    [
        "+4799990001", "+4791234567", "99990002", "+47 999 90 003", "004791234567", "+1", "abc", "", "+", "+999999999999999999999",
        "<script>", "'; --", "+47\u200B99990001", new string('9', 5000), "١٢٣٤٥٦٧٨", "+4791234567,+4791234568",
    ];

    private static readonly string[] BadPaths =
    [
        "/api/messages/../veileder/api/me", "/v3/directline/conversations/..%2F..%2Fetc%2Fpasswd/activities",
        "/v3/directline/conversations/%zz/activities", "/veileder/logg/..%2F..%2F",
        "/veileder/personer/%E0%A4%A", "/api/sms/twilio/%2e%2e/status", "/veileder/api/escalations/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd", "/v3/directline/conversations/" + new string('A', 5000) + "/activities",
        "/veileder/api/escalations/00000000-0000-0000-0000-000000000000", "/veileder/api/handoffs/not-a-guid/messages",
        "/veileder/logg/Zm9v/YmFy", "/veileder/logg/%ZZ/%ZZ/utskrift", "/api/webchat/token", "/health/ready?x=%zz",
    ];

    public FuzzRequest Next()
    {
        _counter++;
        var request = _random.Next(100) switch
        {
            < 30 => Messages(),
            < 52 => DirectLine(),
            < 72 => Twilio(),
            < 90 => StaffApi(),
            < 97 => StaffForm(),
            _ => OddPath(),
        };

        if (_random.Next(100) < 8)
        {
            AbuseHeaders(request);
        }

        return request;
    }

    private string Text() => _random.Next(10) < 8 ? Pick(Texts) : MutateString(Pick(Texts));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string MutateString(string s)
    {
        var chars = new StringBuilder(s);
        for (var i = 0; i < 1 + _random.Next(4); i++)
        {
            var at = chars.Length == 0 ? 0 : _random.Next(chars.Length);
            chars.Insert(at, (char)_random.Next(0, 0xFFFF));
        }

        return chars.ToString();
    }

    // ---- /api/messages -------------------------------------------------------------------------------------------

    private FuzzRequest Messages()
    {
        var activity = new JsonObject
        {
            ["type"] = _random.Next(10) < 8 ? "message" : Pick(new[] { "event", "conversationUpdate", "typing", "invoke", "", "Message", "<x>" }),
            ["id"] = $"f{_counter}",
            ["channelId"] = Pick(new[] { "test", "webchat", "emulator", "msteams", "sms", "directline" }),
            ["serviceUrl"] = Pick(new[] { "http://connector.test/", "not a url", "file:///etc/passwd", "http://169.254.169.254/" }),
            ["deliveryMode"] = _random.Next(10) < 7 ? "expectReplies" : null,
            ["from"] = new JsonObject { ["id"] = Pick(new[] { "fuzz-user", "demo-kari", "", "<b>x</b>", new string('u', 500) }) },
            ["recipient"] = new JsonObject { ["id"] = "bot" },
            ["conversation"] = new JsonObject { ["id"] = $"fuzz-{_random.Next(40)}" },
            ["text"] = Text(),
            ["locale"] = Pick(new[] { "nb-NO", "en-US", "xx", "" }),
        };
        if (_random.Next(10) == 0)
        {
            activity["name"] = Pick(new[] { "checkin.start", "handoff.status", "<script>" });
            activity["value"] = new JsonObject { ["x"] = Text() };
        }

        if (_random.Next(10) == 0)
        {
            activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = Text() });
        }

        var request = new FuzzRequest { Target = "messages", Method = "POST", Path = "/api/messages", ContentType = "application/json" };
        MutateJson(request, activity);
        return request;
    }

    /// <summary>Sets the body to <paramref name="valid"/>, or (most of the time) a mutation of it.</summary>
    private void MutateJson(FuzzRequest request, JsonNode valid)
    {
        // Valid requests run whole turns (the slow part); most of the budget goes to the mutations.
        var roll = _random.Next(100);
        if (roll < 15)
        {
            request.Body = Encoding.UTF8.GetBytes(valid.ToJsonString());
            request.Notes.Add("valid");
            return;
        }

        switch (_random.Next(12))
        {
            case 0:
                var json = valid.ToJsonString();
                request.Body = Encoding.UTF8.GetBytes(json[..Math.Max(0, _random.Next(json.Length))]);
                request.Notes.Add("truncated");
                break;
            case 1:
                request.Body = FlipBytes(Encoding.UTF8.GetBytes(valid.ToJsonString()));
                request.Notes.Add("bytes flipped");
                break;
            case 2:
                request.Body = InsertInvalidUtf8(Encoding.UTF8.GetBytes(valid.ToJsonString()));
                request.Notes.Add("invalid UTF-8");
                break;
            case 3:
                var depth = Pick(new[] { 63, 65, 200, 5_000, 100_000 });
                var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                request.Body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
                request.Notes.Add($"nested {depth}");
                break;
            case 4:
                var size = Pick(new[] { 256 * 1024 - 200, 256 * 1024, 256 * 1024 + 1, 1024 * 1024 });
                var big = valid.DeepClone();
                if (big is JsonObject o)
                {
                    o["text"] = new string('å', size / 2);
                }

                request.Body = Encoding.UTF8.GetBytes(big.ToJsonString());
                request.Notes.Add($"huge {request.Body.Length}");
                break;
            case 5:
                var typed = valid.DeepClone();
                if (typed is JsonObject t && t.Count > 0)
                {
                    var key = t.ElementAt(_random.Next(t.Count)).Key;
                    t[key] = Pick(new Func<JsonNode?>[] { () => 12345, () => new JsonArray(1, 2), () => new JsonObject(), () => true, () => null, () => 1e308, () => -0.0 })();
                    request.Notes.Add($"wrong type {key}");
                }

                request.Body = Encoding.UTF8.GetBytes(typed.ToJsonString());
                break;
            case 6:
                var dup = valid.ToJsonString();
                request.Body = Encoding.UTF8.GetBytes(dup.Length > 2 ? "{\"type\":\"message\",\"type\":[]," + dup[1..] : dup);
                request.Notes.Add("duplicate keys");
                break;
            case 7:
                request.Body = Pick(new[] { Array.Empty<byte>(), "null"u8.ToArray(), "[]"u8.ToArray(), "\"x\""u8.ToArray(), "1"u8.ToArray(), " "u8.ToArray(), "{"u8.ToArray(), "\uFEFF{}"u8.ToArray() });
                request.Notes.Add("not an object");
                break;
            case 8:
                request.Body = Encoding.UTF8.GetBytes(valid.ToJsonString());
                request.ContentType = Pick(new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", "application/json; charset=utf-16", "application/json; charset=\"", "*/*", "application/jsonx" });
                request.Notes.Add($"content type {request.ContentType}");
                break;
            case 9:
                request.Body = Encoding.UTF8.GetBytes(valid.ToJsonString());
                request.Chunked = true;
                request.Notes.Add("chunked");
                break;
            case 10:
                request.Body = FlipBytes(Encoding.UTF8.GetBytes(valid.ToJsonString()));
                request.Headers.Add(new("Content-Encoding", Pick(new[] { "gzip", "br", "deflate", "identity, gzip" })));
                request.Notes.Add("claims compression");
                break;
            default:
                var noisy = valid.DeepClone();
                if (noisy is JsonObject n)
                {
                    n["text"] = string.Concat(Enumerable.Range(0, 1 + _random.Next(5)).Select(_ => Text()));
                    n["extra"] = new JsonObject { ["__proto__"] = new JsonObject { ["admin"] = true }, ["$where"] = "1==1" };
                }

                request.Body = Encoding.UTF8.GetBytes(noisy.ToJsonString());
                request.Notes.Add("noisy");
                break;
        }
    }

    private byte[] FlipBytes(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = 0; i < 1 + _random.Next(8) && copy.Length > 0; i++)
        {
            copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
        }

        return copy;
    }

    private byte[] InsertInvalidUtf8(byte[] bytes)
    {
        var bad = Pick(new[] { new byte[] { 0xC3, 0x28 }, [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF], [0xE2, 0x82] });
        var at = bytes.Length == 0 ? 0 : _random.Next(bytes.Length);
        return [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at)];
    }

    // ---- Direct Line ---------------------------------------------------------------------------------------------

    private FuzzRequest DirectLine()
    {
        var conversation = _random.Next(10) switch
        {
            < 6 => context.DirectLineConversation,
            < 8 => context.OtherConversation,
            _ => Pick(new[] { "nope", "%zz", "..%2F..", new string('c', 300), "a b", "<x>" }),
        };
        var (method, path) = _random.Next(7) switch
        {
            0 => ("POST", "/v3/directline/tokens/generate"),
            1 => ("POST", "/v3/directline/tokens/refresh"),
            2 => ("POST", "/v3/directline/conversations"),
            3 => ("GET", $"/v3/directline/conversations/{conversation}"),
            4 => ("GET", $"/v3/directline/conversations/{conversation}/activities?watermark={Pick(new[] { "", "0", "5", "-1", "abc", "99999999999999999999", "%zz", "1.5" })}"),
            5 => ("GET", $"/v3/directline/conversations/{conversation}/stream?t={Pick(new[] { "x", "", context.DirectLineToken })}"),
            _ => ("POST", $"/v3/directline/conversations/{conversation}/activities"),
        };
        var request = new FuzzRequest { Target = "directline", Method = method, Path = path };
        var bearer = _random.Next(10) switch
        {
            < 5 => context.DirectLineToken,
            5 => context.DirectLineSecret,
            6 => context.ExpiredToken,
            7 => MutateToken(context.DirectLineToken),
            8 => null,
            _ => Pick(new[] { "", "x", "Bearer", "null", new string('t', 9000) }),
        };
        if (bearer is not null)
        {
            request.Headers.Add(new("Authorization", _random.Next(10) == 0 ? bearer : "Bearer " + bearer));
            request.Notes.Add(bearer == context.DirectLineToken ? "token" : bearer == context.DirectLineSecret ? "secret" : bearer == context.ExpiredToken ? "expired token" : "broken token");
        }

        if (method == "POST")
        {
            request.ContentType = "application/json";
            JsonNode body = path.EndsWith("/generate", StringComparison.Ordinal)
                ? new JsonObject { ["user"] = new JsonObject { ["id"] = Pick(new[] { "dl_fuzz", "dl_demo-kari", "", "<x>", new string('u', 300) }) } }
                : new JsonObject
                {
                    ["type"] = Pick(new[] { "message", "message", "event", "typing", "conversationUpdate", "" }),
                    ["from"] = new JsonObject { ["id"] = Pick(new[] { "dl_fuzz", "dl_other", "demo-kari", "" }) },
                    ["text"] = Text(),
                    ["locale"] = "nb-NO",
                };
            MutateJson(request, body);
        }

        return request;
    }

    private string MutateToken(string token) => _random.Next(4) switch
    {
        0 => token[..Math.Max(1, token.Length / 2)],
        1 => token + "x",
        2 => token.Replace('.', '%'),
        _ => new string(token.Reverse().ToArray()),
    };

    // ---- Twilio --------------------------------------------------------------------------------------------------

    private FuzzRequest Twilio()
    {
        var status = _random.Next(5) == 0;
        var path = status ? TwilioEndpoints.StatusPath : TwilioEndpoints.WebhookPath;
        var sid = $"SMfuzz{_counter:D26}";
        var form = status
            ? new List<KeyValuePair<string, string>>
            {
                new("MessageSid", _random.Next(3) == 0 ? Text() : sid), new("MessageStatus", Pick(new[] { "delivered", "failed", "undelivered", "sent", "", "<x>", "read" })),
                new("ErrorCode", Pick(new[] { "", "30003", "abc" })), new("To", Pick(Numbers)),
            }
            : new List<KeyValuePair<string, string>>
            {
                new("AccountSid", "AC0123456789abcdef0123456789abcdef"), new("Body", Text()), new("From", Pick(Numbers)), new("To", "+4722334455"),
                new("MessageSid", _random.Next(10) == 0 ? Pick(new[] { "", "<x>", new string('S', 3000) }) : sid), new("NumMedia", Pick(new[] { "0", "1", "-1", "x" })),
            };
        var request = new FuzzRequest { Target = status ? "twilio-status" : "twilio", Method = "POST", Path = path, ContentType = "application/x-www-form-urlencoded" };
        if (_random.Next(8) == 0 && form.Count > 0)
        {
            form.RemoveAt(_random.Next(form.Count));
            request.Notes.Add("field missing");
        }

        if (_random.Next(8) == 0)
        {
            form.Add(new(Pick(new[] { "Body", "From", "MessageSid" }), Text()));
            request.Notes.Add("duplicate field");
        }

        var signing = _random.Next(10);
        if (signing < 7)
        {
            request.Headers.Add(new(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(context.TwilioAuthToken, context.TwilioSignedBase + path, form)));
            request.Notes.Add("signed");
        }
        else if (signing < 9)
        {
            request.Headers.Add(new(TwilioWebhooks.SignatureHeader, Pick(new[] { "", "abc", "AAAA", new string('=', 4000) })));
            request.Notes.Add("bad signature");
        }

        var encoded = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        request.Body = Encoding.UTF8.GetBytes(encoded);
        switch (_random.Next(10))
        {
            case 0:
                request.Body = InsertInvalidUtf8(request.Body);
                request.Notes.Add("invalid UTF-8");
                break;
            case 1:
                request.Body = Encoding.UTF8.GetBytes(encoded.Replace("%", "%Z", StringComparison.Ordinal));
                request.Notes.Add("bad percent-encoding");
                break;
            case 2:
                request.ContentType = Pick(new[] { "application/json", "text/plain", "multipart/form-data; boundary=zz", "" });
                request.Notes.Add($"content type {request.ContentType}");
                break;
            case 3:
                request.Body = Encoding.UTF8.GetBytes("Body=" + new string('b', Pick(_random.Next(4) == 0 ? new[] { 5_000_000 } : new[] { 100_000, 300_000 })));
                request.Notes.Add($"huge form {request.Body.Length}");
                break;
            case 4:
                request.Chunked = true;
                request.Notes.Add("chunked");
                break;
            case 5:
                request.Body = Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, Pick(new[] { 1_000, 5_000, 50_000 })).Select(i => $"k{i}=v")));
                request.Notes.Add("many fields");
                break;
        }

        return request;
    }

    // ---- Staff API and forms -------------------------------------------------------------------------------------

    private FuzzRequest StaffApi()
    {
        var id = _random.Next(4) == 0 ? Pick(new[] { "x", "%zz", "1", "00000000-0000-0000-0000-000000000000", "<x>" }) : Guid.NewGuid().ToString("D");
        var (method, path) = _random.Next(12) switch
        {
            0 => ("GET", "/veileder/api/me"),
            1 => ("GET", "/veileder/api/escalations"),
            2 => ("GET", $"/veileder/api/escalations/{id}"),
            3 => ("POST", $"/veileder/api/escalations/{id}/{Pick(new[] { "acknowledge", "in-contact", "resolve", "takeover" })}"),
            4 => ("GET", $"/veileder/api/handoffs/{id}"),
            5 => ("POST", $"/veileder/api/handoffs/{id}/{Pick(new[] { "messages", "end" })}"),
            6 => ("GET", "/veileder/api/contact-requests"),
            7 => ("POST", $"/veileder/api/contact-requests/{id}/done"),
            8 => ("GET", "/veileder/api/enquiries"),
            9 => ("POST", $"/veileder/api/enquiries/{id}/answered"),
            10 => ("GET", "/veileder/api/oversikt"),
            _ => ("POST", "/veileder/api/dev-token"),
        };
        var request = new FuzzRequest { Target = "staff-api", Method = method, Path = path };
        var bearer = _random.Next(10) switch
        {
            < 7 => context.StaffBearer,
            7 => null,
            8 => MutateToken(context.StaffBearer),
            _ => context.DirectLineToken,
        };
        if (bearer is not null && !path.EndsWith("/dev-token", StringComparison.Ordinal))
        {
            request.Headers.Add(new("Authorization", "Bearer " + bearer));
            request.Notes.Add(bearer == context.StaffBearer ? "staff bearer" : "wrong bearer");
        }

        if (method == "POST")
        {
            request.ContentType = "application/json";
            JsonNode body = path.EndsWith("/dev-token", StringComparison.Ordinal)
                ? new JsonObject { ["ident"] = Pick(new[] { "Z990001", "Z999999", "", "<x>", "' OR 1=1 --" }), ["password"] = Pick(new[] { "wrong", "", Text() }) }
                : new JsonObject { ["note"] = Text(), ["text"] = Text() };
            MutateJson(request, body);
        }

        return request;
    }

    private FuzzRequest StaffForm()
    {
        if (_random.Next(3) == 0)
        {
            var page = Pick(new[]
            {
                "/veileder", "/veileder/personer", $"/veileder/personer/{context.KariId:D}", "/veileder/logg", "/veileder/oversikt",
                $"/veileder/personer/{context.KariId:D}/eksport.json", "/veileder/login",
            });
            var query = Pick(new[]
            {
                "", "?q=" + Uri.EscapeDataString(Text()), "?fra=2026-13-45&til=abc&kanal=%zz&risiko=<x>", "?side=-1", "?side=99999999999",
                "?redirect=https://evil.example/", "?redirect=//evil.example", "?person=" + Guid.NewGuid().ToString("D"), "?q=%ZZ%",
            });
            return new FuzzRequest { Target = "staff-page", Method = "GET", Path = page + query, WithCookies = true };
        }

        var route = Pick(context.StaffFormRoutes)
            .Replace("{personId}", _random.Next(2) == 0 ? context.KariId.ToString("D") : Guid.NewGuid().ToString("D"), StringComparison.Ordinal);
        route = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", _ => _random.Next(5) == 0 ? "%zz" : Guid.NewGuid().ToString("D"));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("note", Text()), new("text", Text()), new("phone", Pick(Numbers)), new("day", Pick(new[] { "Monday", "8", "" })),
            new("time", Pick(new[] { "10:00", "25:99", "" })), new("active", Pick(new[] { "true", "x" })), new("redirect", "https://evil.example/"),
        };
        var request = new FuzzRequest { Target = "staff-form", Method = "POST", Path = route, WithCookies = true, ContentType = "application/x-www-form-urlencoded" };
        if (_random.Next(2) == 0)
        {
            fields.Add(new("__RequestVerificationToken", _random.Next(4) == 0 ? MutateToken(context.FormToken) : context.FormToken));
            request.Notes.Add("antiforgery");
        }
        else
        {
            request.Notes.Add("no antiforgery");
        }

        request.Body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        if (_random.Next(6) == 0)
        {
            request.Body = InsertInvalidUtf8(request.Body);
            request.Notes.Add("invalid UTF-8");
        }

        return request;
    }

    private FuzzRequest OddPath() => new()
    {
        Target = "odd-path",
        Method = Pick(new[] { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND" }),
        Path = Pick(BadPaths),
    };

    private void AbuseHeaders(FuzzRequest request)
    {
        switch (_random.Next(6))
        {
            case 0:
                request.Headers.Add(new("X-Fuzz", new string('h', Pick(new[] { 8_000, 64_000 }))));
                request.Notes.Add("huge header");
                break;
            case 1:
                request.Headers.Add(new("Authorization", "Bearer a"));
                request.Headers.Add(new("Authorization", "Bearer b"));
                request.Notes.Add("duplicate authorization");
                break;
            case 2:
                request.Headers.Add(new("X-Forwarded-For", Pick(new[] { "1.2.3.4", "127.0.0.1, 10.0.0.1", "not-an-ip", "::1" })));
                request.Headers.Add(new("X-Forwarded-Proto", "https"));
                request.Notes.Add("forwarded headers");
                break;
            case 3:
                request.Headers.Add(new("Cookie", ".AspNetCore.Antiforgery.x=" + new string('c', 4000) + "; dialogue-staff=garbage"));
                request.Notes.Add("garbage cookies");
                break;
            case 4:
                request.Headers.Add(new("Accept", "text/html;q=0.9, */*;q=abc, \u0001"));
                request.Headers.Add(new("Accept-Language", string.Concat(Enumerable.Repeat("nb;q=0.1,", 500))));
                request.Notes.Add("odd accept headers");
                break;
            default:
                request.Headers.Add(new("Origin", Pick(new[] { "https://evil.example", "null", "http://localhost" })));
                request.Headers.Add(new("Sec-Fetch-Site", Pick(new[] { "cross-site", "same-origin", "none" })));
                request.Headers.Add(new("Content-Length-Fuzz", ((long)_random.Next()).ToString(CultureInfo.InvariantCulture)));
                request.Notes.Add("origin headers");
                break;
        }
    }
}
