using Dialogue.Cases.Audit;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Tests.Audit;

/// <summary>The CEF lines the audit log collector parses: header and extension escaping per the CEF specification.</summary>
public sealed class CefLineTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("a|b", @"a\|b")]
    [InlineData(@"\|", @"\\\|")]
    [InlineData("a=b", "a=b")]
    [InlineData("two\nlines\r\nthree", "two lines  three")]
    public void Header_fields_escape_backslash_and_pipe_and_stay_on_one_line(string value, string expected) =>
        Assert.Equal(expected, CefLine.EscapeHeader(value));

    [Theory]
    [InlineData("plain value", "plain value")]
    [InlineData("a=b", @"a\=b")]
    [InlineData(@"C:\temp", @"C:\\temp")]
    [InlineData(@"\=", @"\\\=")]
    [InlineData("a|b", "a|b")]
    [InlineData("multi \n line", @"multi \n line")]
    [InlineData("crlf\r\nnext", @"crlf\nnext")]
    [InlineData("cr\ronly", @"cr\ronly")]
    public void Extension_values_escape_backslash_equals_and_line_breaks(string value, string expected) =>
        Assert.Equal(expected, CefLine.EscapeExtension(value));

    [Fact]
    public void A_line_has_the_header_then_the_non_empty_extension_fields_in_order()
    {
        var line = CefLine.Format("my|app", "auditLog", "1.0", "audit:access", @"Spor\ingslogg", "INFO",
            [("end", "1654185299215"), ("duid", null), ("suid", "Z12345"), ("msg", "a=b\nc")]);

        Assert.Equal(@"CEF:0|my\|app|auditLog|1.0|audit:access|Spor\\ingslogg|INFO|end=1654185299215 suid=Z12345 msg=a\=b\nc", line);
    }

    [Fact]
    public void An_audit_row_becomes_one_line_with_who_whose_what_when_and_where()
    {
        var at = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
        var record = new AccessAuditRecord
        {
            Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000001"),
            At = at,
            ActorIdent = new VeilederId("Z990001"),
            ActorOffice = new OfficeId("0219"),
            ActorRole = StaffRole.TeamLead,
            Action = AuditAction.TranscriptExport.Code,
            Decision = AccessDecision.Permit,
            PersonId = new PersonId(Guid.Parse("de300000-0000-4000-8000-004799990001")),
            Resource = "conversation:sms/+4799990001",
            Method = "POST",
            Path = "/veileder/eksport",
            ClientAddress = "198.51.100.23",
            UserAgent = "Agent=1\nx",
        };

        var line = CefLine.Format(record, "dialogue");

        Assert.Equal(
            "CEF:0|dialogue|auditLog|1.0|audit:access|Sporingslogg|INFO|" +
            $"end={at.ToUnixTimeMilliseconds()} suid=Z990001 duid=de300000-0000-4000-8000-004799990001 act=transcript.export " +
            "requestMethod=POST request=/veileder/eksport src=198.51.100.23 requestClientApplication=Agent\\=1\\nx " +
            "flexString1Label=Decision flexString1=Permit flexString2Label=Office flexString2=0219 " +
            "cs3Label=Resource cs3=conversation:sms/+4799990001 cs5Label=Role cs5=TeamLead cs6Label=AuditId cs6=0193a1b2-0000-7000-8000-000000000001",
            line);
        Assert.DoesNotContain('\n', line);
    }

    [Theory]
    [InlineData("transcript.read")]
    [InlineData("person.export")]
    [InlineData("log.search")]
    public void Action_codes_are_dotted_lower_case_words(string code) => Assert.Equal(code, new AuditAction(code).Code);

    [Theory]
    [InlineData("")]
    [InlineData("Transcript.Read")]
    [InlineData("read")]
    [InlineData("transcript read")]
    public void Anything_else_is_not_an_action_code(string code) => Assert.Throws<ArgumentException>(() => new AuditAction(code));
}
