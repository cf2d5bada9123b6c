using Dialogue.Bot.Staff.Workspace;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Security;

/// <summary>Staff texts about limits (<c>Staff/Texts/nb.security.json</c>).</summary>
[WorkspaceTextIds]
public static class SecurityTexts
{
    /// <summary>An SMS held back by the daily cap per number, as the log review shows its status.</summary>
    public static readonly TextId DeliveryHeld = new("security.delivery.held");
}
