using System.Net;
using Dialogue.Cases.Health;
using Dialogue.Tests.Shared;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// What an HTTP answer says about a service (Twilio, the Bot Connector): one rule for both. A refusal of one request
/// (a bad number, an unknown conversation) is the service working; throttling, timeouts, server errors and a refused
/// account are the service not working — those show in health, metrics and the staff banner.
/// </summary>
public sealed class DependencyMonitorTests
{
    [Theory]
    [InlineData(HttpStatusCode.Created, DependencyState.Ok, null)]
    [InlineData(HttpStatusCode.BadRequest, DependencyState.Ok, null)]
    [InlineData(HttpStatusCode.NotFound, DependencyState.Ok, null)]
    [InlineData(HttpStatusCode.TooManyRequests, DependencyState.Degraded, DependencyErrorKinds.Throttled)]
    [InlineData(HttpStatusCode.RequestTimeout, DependencyState.Degraded, DependencyErrorKinds.Timeout)]
    [InlineData(HttpStatusCode.InternalServerError, DependencyState.Degraded, DependencyErrorKinds.ServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable, DependencyState.Degraded, DependencyErrorKinds.ServerError)]
    [InlineData(HttpStatusCode.Unauthorized, DependencyState.Degraded, DependencyErrorKinds.Refused)]
    [InlineData(HttpStatusCode.Forbidden, DependencyState.Degraded, DependencyErrorKinds.Refused)]
    public void An_answer_counts_as_working_or_failing_by_what_it_says_about_the_service(
        HttpStatusCode status, DependencyState expected, string? kind)
    {
        var monitor = new DependencyMonitor(new FakeClock());

        monitor.Answered(Dependency.Sms, status);

        var sms = monitor.Get(Dependency.Sms);
        Assert.Equal(expected, sms.State);
        Assert.Equal(kind, sms.LastErrorKind);
    }

    [Fact]
    public void A_request_without_an_answer_is_a_timeout_or_unreachable()
    {
        var monitor = new DependencyMonitor(new FakeClock());

        monitor.Unanswered(Dependency.BotFramework, new TaskCanceledException());
        Assert.Equal(DependencyErrorKinds.Timeout, monitor.Get(Dependency.BotFramework).LastErrorKind);

        monitor.Unanswered(Dependency.BotFramework, new HttpRequestException("refused"));
        Assert.Equal(DependencyErrorKinds.Unreachable, monitor.Get(Dependency.BotFramework).LastErrorKind);
        Assert.Equal(2, monitor.Get(Dependency.BotFramework).ConsecutiveFailures);
    }

    [Fact]
    public void The_staff_banner_waits_for_failures_in_a_row_or_a_while_without_success_and_health_does_not()
    {
        var clock = new FakeClock();
        var monitor = new DependencyMonitor(clock);
        var status = new DependencyStatus(monitor, new DependencyHealthSettings(), clock);

        monitor.Failed(Dependency.Sms, DependencyErrorKinds.ServerError);
        Assert.Equal([Dependency.Sms], status.Problems().Select(p => p.Dependency)); // health: at once
        Assert.Empty(status.StaffProblems()); // one failed send the next try may get through

        monitor.Succeeded(Dependency.Sms);
        monitor.Failed(Dependency.Sms, DependencyErrorKinds.ServerError);
        monitor.Failed(Dependency.Sms, DependencyErrorKinds.ServerError);
        Assert.Empty(status.StaffProblems()); // two in a row: a success in between started the count again
        monitor.Failed(Dependency.Sms, DependencyErrorKinds.ServerError);
        Assert.Equal([Dependency.Sms], status.StaffProblems().Select(p => p.Dependency));

        // A dependency called rarely: one failure, and nothing has worked for 30 seconds since.
        monitor.Failed(Dependency.Sentiment, DependencyErrorKinds.Timeout);
        Assert.DoesNotContain(status.StaffProblems(), p => p.Dependency == Dependency.Sentiment);
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.Contains(status.StaffProblems(), p => p.Dependency == Dependency.Sentiment);
    }
}
