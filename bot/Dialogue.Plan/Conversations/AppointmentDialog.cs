using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// Unanswered meetings in the coming week: "Kan du komme? 1 Ja 2 Nei 3 Må ha ny tid". The answer is recorded on
/// the appointment; a request for a new time goes to the veileder as an enquiry.
/// </summary>
internal static class AppointmentDialog
{
    public const string Id = "plan.appointments";
    private const string LoopId = "plan.appointments.one";
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(7);

    private static readonly IReadOnlyList<PromptChoice> Answers =
    [
        new(nameof(Attendance.Coming), "choice.coming", ["kommer", "jeg kommer", "jepp"]),
        new(nameof(Attendance.NotComing), "choice.not_coming", ["kommer ikke", "kan ikke"]),
        new(nameof(Attendance.NeedsNewTime), "choice.new_time", ["ny tid", "annen tid", "trenger ny tid", "flytte"]),
    ];

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [StartAsync]),
        new WaterfallDialog(LoopId, [AskAsync, RecordAsync]),
    ];

    private static async Task<DialogTurnResult> StartAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var now = step.Turn.Clock.GetUtcNow();
        var open = (await step.Turn.Get<IPlanStore>().AppointmentsFromAsync(PersonIdOf(step), now, ct).ConfigureAwait(false))
            .Where(a => a.Attendance == Attendance.Unanswered && a.StartsAt - now <= Horizon)
            .Select(a => (JsonNode?)JsonValue.Create(a.Id.Value));
        return await step.ReplaceDialogAsync(LoopId, ItemLoop.Start(step, open), ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (ItemLoop.Current(step) is null)
        {
            return await ItemLoop.EndAsync(step, ct).ConfigureAwait(false);
        }

        var (appointment, veileder) = await AppointmentAsync(step, ct).ConfigureAwait(false);
        return await step.PromptAsync(StandardPrompts.Choice, new PromptOptions
        {
            Prompt = "appointment.ask",
            Args = Args(
                ("veileder", veileder),
                ("date", NorwegianDates.Format(LocalDate(appointment.StartsAt))),
                ("time", LocalTime(appointment.StartsAt)),
                ("place", appointment.Place)),
            Choices = Answers,
        }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> RecordAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var (appointment, _) = await AppointmentAsync(step, ct).ConfigureAwait(false);
        var answer = Enum.Parse<Attendance>(step.ResultAs<string>()!);
        appointment.Attendance = answer;
        appointment.AnsweredAt = step.Turn.Clock.GetUtcNow();
        if (answer == Attendance.NeedsNewTime)
        {
            var person = await PersonAsync(step, ct).ConfigureAwait(false);
            step.Turn.Get<IPlanStore>().Add(new Enquiry
            {
                Id = Guid.NewGuid(),
                PersonId = person.Id,
                OfficeId = person.OfficeId,
                Kind = EnquiryKind.NewAppointmentTime,
                CreatedAt = step.Turn.Clock.GetUtcNow(),
            });
        }

        var (reply, line) = answer switch
        {
            Attendance.Coming => ("appointment.coming", "recap.line.coming"),
            Attendance.NotComing => ("appointment.not_coming", "recap.line.not_coming"),
            _ => ("appointment.new_time", "recap.line.new_time"),
        };
        step.Turn.SendText(reply);
        var date = Args(("date", NorwegianDates.Format(LocalDate(appointment.StartsAt))));
        return await ItemLoop.NextAsync(step, LoopId, step.Turn.Texts.Render(line, date), ct).ConfigureAwait(false);
    }

    private static async Task<(Appointment Appointment, string Veileder)> AppointmentAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var id = new AppointmentId(ItemLoop.Current(step)!.GetValue<Guid>());
        var appointment = await step.Turn.Get<IPlanStore>().FindAppointmentAsync(id, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An appointment being confirmed no longer exists.");
        return (appointment, await VeilederFirstNameAsync(step.Turn, appointment.VeilederId, ct).ConfigureAwait(false));
    }
}
