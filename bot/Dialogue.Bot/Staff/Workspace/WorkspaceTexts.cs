using System.Reflection;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>
/// Marks a static class whose public static <see cref="TextId"/> fields are staff workspace texts (one class per
/// feature area, beside <see cref="WorkspaceTexts"/>), so the catalog test checks them too.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WorkspaceTextIdsAttribute : Attribute;

/// <summary>
/// The staff workspace's texts (sign-in pages included): a catalog of its own (<c>Staff/Texts/nb.json</c> and
/// <c>Staff/Texts/nb.{area}.json</c>, embedded), apart from what the bot says to people, because one-word labels for
/// staff cannot meet the bot's plain-language rules. Every id the workspace uses is a field here or in a class marked
/// <see cref="WorkspaceTextIdsAttribute"/>, so a test can check each of them exists.
/// </summary>
[WorkspaceTextIds]
public sealed class WorkspaceTexts
{
    private const string ResourcePrefix = "Dialogue.Bot.Staff.Texts";

    public static readonly TextId Title = new("workspace.title");
    public static readonly TextId Heading = new("workspace.heading");
    public static readonly TextId SignedInAs = new("workspace.signed_in_as");
    public static readonly TextId Logout = new("workspace.logout");
    public static readonly TextId Reload = new("workspace.reload");
    public static readonly TextId LoginTitle = new("staff.login.title");
    public static readonly TextId LoginIntro = new("staff.login.intro");
    public static readonly TextId LoginIdent = new("staff.login.ident");
    public static readonly TextId LoginPassword = new("staff.login.password");
    public static readonly TextId LoginSubmit = new("staff.login.submit");
    public static readonly TextId LoginError = new("staff.login.error");
    public static readonly TextId LoginLocked = new("staff.login.locked");
    public static readonly TextId ForbiddenTitle = new("staff.forbidden.title");
    public static readonly TextId ForbiddenText = new("staff.forbidden.text");
    public static readonly TextId LiveOff = new("workspace.live.off");
    public static readonly TextId LiveNewUrgent = new("workspace.live.new_urgent");
    public static readonly TextId LiveNewMessage = new("workspace.live.new_message");
    public static readonly TextId EscalationsHeading = new("workspace.escalations.heading");
    public static readonly TextId EscalationsEmpty = new("workspace.escalations.empty");
    public static readonly TextId ContactsHeading = new("workspace.contacts.heading");
    public static readonly TextId ContactsEmpty = new("workspace.contacts.empty");
    public static readonly TextId LevelAcute = new("workspace.level.acute");
    public static readonly TextId LevelHigh = new("workspace.level.high");
    public static readonly TextId LevelModerate = new("workspace.level.moderate");
    public static readonly TextId LevelSilence = new("workspace.level.silence");
    public static readonly TextId Status = new("workspace.status");
    public static readonly TextId StatusOpen = new("workspace.status.open");
    public static readonly TextId StatusAcknowledged = new("workspace.status.acknowledged");
    public static readonly TextId StatusInContact = new("workspace.status.in_contact");
    public static readonly TextId StatusResolved = new("workspace.status.resolved");
    public static readonly TextId AgeNow = new("workspace.age.now");
    public static readonly TextId AgeMinutes = new("workspace.age.minutes");
    public static readonly TextId AgeHours = new("workspace.age.hours");
    public static readonly TextId TimeToday = new("workspace.time.today");
    public static readonly TextId TimeDate = new("workspace.time.date");
    public static readonly TextId Due = new("workspace.due");
    public static readonly TextId Overdue = new("workspace.overdue");
    public static readonly TextId OutsideHours = new("workspace.outside_hours");
    public static readonly TextId UnknownNumber = new("workspace.unknown_number");
    public static readonly TextId Yours = new("workspace.yours");
    public static readonly TextId Silence = new("workspace.silence");
    public static readonly TextId Message = new("workspace.message");
    public static readonly TextId TakenOver = new("workspace.taken_over");
    public static readonly TextId ActionAcknowledge = new("workspace.action.acknowledge");
    public static readonly TextId ActionInContact = new("workspace.action.in_contact");
    public static readonly TextId ActionTakeover = new("workspace.action.takeover");
    public static readonly TextId ActionOpenConversation = new("workspace.action.open_conversation");
    public static readonly TextId ActionResolve = new("workspace.action.resolve");
    public static readonly TextId ActionResolveSubmit = new("workspace.action.resolve_submit");
    public static readonly TextId ActionDone = new("workspace.action.done");
    public static readonly TextId ResolveNote = new("workspace.resolve.note");
    public static readonly TextId ContactPhone = new("workspace.contact.phone");
    public static readonly TextId ContactNoPhone = new("workspace.contact.no_phone");
    public static readonly TextId ContactPreferred = new("workspace.contact.preferred");
    public static readonly TextId ResultAcknowledged = new("workspace.result.acknowledged");
    public static readonly TextId ResultInContact = new("workspace.result.in_contact");
    public static readonly TextId ResultResolved = new("workspace.result.resolved");
    public static readonly TextId ResultContactDone = new("workspace.result.contact_done");
    public static readonly TextId ResultSent = new("workspace.result.sent");
    public static readonly TextId ResultHandedBack = new("workspace.result.handed_back");
    public static readonly TextId ResultConflict = new("workspace.result.conflict");
    public static readonly TextId ResultNoteMissing = new("workspace.result.note_missing");
    public static readonly TextId ResultMessageInvalid = new("workspace.result.message_invalid");
    public static readonly TextId NotFoundTitle = new("workspace.not_found.title");
    public static readonly TextId NotFoundText = new("workspace.not_found.text");
    public static readonly TextId RefusedTitle = new("workspace.refused.title");
    public static readonly TextId RefusedText = new("workspace.refused.text");
    public static readonly TextId Back = new("workspace.back");
    public static readonly TextId ConversationTitle = new("workspace.conversation.title");
    public static readonly TextId ConversationMessages = new("workspace.conversation.messages");
    public static readonly TextId ConversationEmpty = new("workspace.conversation.empty");
    public static readonly TextId ConversationFromBot = new("workspace.conversation.from_bot");
    public static readonly TextId ConversationFromVeileder = new("workspace.conversation.from_veileder");
    public static readonly TextId ConversationThePerson = new("workspace.conversation.the_person");
    public static readonly TextId ConversationWrite = new("workspace.conversation.write");
    public static readonly TextId ConversationSend = new("workspace.conversation.send");
    public static readonly TextId ConversationHandBack = new("workspace.conversation.hand_back");
    public static readonly TextId ConversationEnded = new("workspace.conversation.ended");

    private WorkspaceTexts(TextCatalog catalog) => Catalog = catalog;

    /// <summary>The bokmål texts shipped with the bot.</summary>
    public static WorkspaceTexts Bokmal { get; } = LoadEmbedded();

    public TextCatalog Catalog { get; }

    /// <summary>Every text id the workspace uses (the fields above and those of the other marked classes).</summary>
    public static IReadOnlyList<TextId> All { get; } = typeof(WorkspaceTexts).Assembly.GetTypes()
        .Where(t => t.IsDefined(typeof(WorkspaceTextIdsAttribute), inherit: false))
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.FieldType == typeof(TextId))
        .Select(f => (TextId)f.GetValue(null)!)
        .ToList();

    public string this[TextId id] => Catalog.Render(id);

    public string Render(TextId id, string name, string value) =>
        Catalog.Render(id, new Dictionary<string, string>(StringComparer.Ordinal) { [name] = value });

    public string Render(TextId id, IReadOnlyDictionary<string, string> args) => Catalog.Render(id, args);

    private static WorkspaceTexts LoadEmbedded() =>
        new(TextCatalog.LoadEmbedded(typeof(WorkspaceTexts).Assembly, ResourcePrefix, "nb"));
}
