using Dialogue.Bot.Staff.Workspace;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Staff.Dashboard;

/// <summary>The team lead's dashboard texts (<c>Staff/Texts/nb.dashboard.json</c>).</summary>
[WorkspaceTextIds]
public static class DashboardTexts
{
    public static readonly TextId Title = new("dashboard.title");
    public static readonly TextId Heading = new("dashboard.heading");
    public static readonly TextId Intro = new("dashboard.intro");
    public static readonly TextId Week = new("dashboard.week");
    public static readonly TextId WeekShort = new("dashboard.week_short");
    public static readonly TextId Total = new("dashboard.total");
    public static readonly TextId ShowTable = new("dashboard.show_table");
    public static readonly TextId Legend = new("dashboard.legend");
    public static readonly TextId None = new("dashboard.none");
    public static readonly TextId Percent = new("dashboard.percent");
    public static readonly TextId Minutes = new("dashboard.minutes");
    public static readonly TextId HoursMinutes = new("dashboard.hours_minutes");

    public static readonly TextId EscalationsHeading = new("dashboard.escalations.heading");
    public static readonly TextId EscalationsSummary = new("dashboard.escalations.summary");
    public static readonly TextId EscalationsHelp = new("dashboard.escalations.help");
    public static readonly TextId LevelAcute = new("dashboard.level.acute");
    public static readonly TextId LevelHigh = new("dashboard.level.high");
    public static readonly TextId LevelModerate = new("dashboard.level.moderate");

    public static readonly TextId SlaHeading = new("dashboard.sla.heading");
    public static readonly TextId SlaSummary = new("dashboard.sla.summary");
    public static readonly TextId SlaSummaryEmpty = new("dashboard.sla.summary_empty");
    public static readonly TextId SlaUnmeasured = new("dashboard.sla.unmeasured");
    public static readonly TextId SlaHelp = new("dashboard.sla.help");
    public static readonly TextId SlaLevel = new("dashboard.sla.level");
    public static readonly TextId SlaTarget = new("dashboard.sla.target");
    public static readonly TextId SlaAcknowledged = new("dashboard.sla.acknowledged");
    public static readonly TextId SlaWithin = new("dashboard.sla.within");
    public static readonly TextId SlaNotAcknowledged = new("dashboard.sla.not_acknowledged");
    public static readonly TextId SlaPending = new("dashboard.sla.pending");
    public static readonly TextId SlaRouted = new("dashboard.sla.routed");
    public static readonly TextId SlaShare = new("dashboard.sla.share");
    public static readonly TextId SlaMedian = new("dashboard.sla.median");
    public static readonly TextId SlaP90 = new("dashboard.sla.p90");
    public static readonly TextId SlaTargetLine = new("dashboard.sla.target_line");

    public static readonly TextId CheckInsHeading = new("dashboard.checkins.heading");
    public static readonly TextId CheckInsSummary = new("dashboard.checkins.summary");
    public static readonly TextId CheckInsHelp = new("dashboard.checkins.help");
    public static readonly TextId CheckInsConfirmed = new("dashboard.checkins.confirmed");
    public static readonly TextId CheckInsCorrected = new("dashboard.checkins.corrected");

    public static readonly TextId SmsHeading = new("dashboard.sms.heading");
    public static readonly TextId SmsSummary = new("dashboard.sms.summary");
    public static readonly TextId SmsSummaryEmpty = new("dashboard.sms.summary_empty");
    public static readonly TextId SmsHelp = new("dashboard.sms.help");
    public static readonly TextId SmsFailed = new("dashboard.sms.failed");
    public static readonly TextId SmsCode = new("dashboard.sms.code");
    public static readonly TextId SmsCodeUnknown = new("dashboard.sms.code_unknown");
}
