using System.Security.Claims;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>The contract other staff code relies on: who a principal is, and nothing for anything less than complete.</summary>
public sealed class StaffUserTests
{
    private static readonly StaffUser Marte = new(new VeilederId("Z990001"), "Marte", "Marte Lien", new OfficeId("0219"), StaffRole.Veileder);

    [Fact]
    public void A_signed_in_principal_round_trips()
    {
        var user = StaffUser.From(Marte.ToPrincipal("test"));

        Assert.Equal(Marte, user);
    }

    [Fact]
    public void Claims_of_an_identity_that_is_not_signed_in_do_not_count()
    {
        var claims = Marte.ToPrincipal("test").Claims;

        Assert.Null(StaffUser.From(new ClaimsPrincipal(new ClaimsIdentity(claims))));
        Assert.Null(StaffUser.From(null));
    }

    [Theory]
    [InlineData(StaffClaims.Ident, null)]
    [InlineData(StaffClaims.Office, null)]
    [InlineData(StaffClaims.Office, "219")]
    [InlineData(StaffClaims.Office, "Bærum")]
    [InlineData(StaffClaims.Role, null)]
    [InlineData(StaffClaims.Role, "Admin")]
    [InlineData(StaffClaims.Role, "1")]
    [InlineData(StaffClaims.Role, "teamlead")]
    public void Anything_missing_or_odd_means_no_staff_user(string type, string? value)
    {
        var claims = Marte.ToPrincipal("test").Claims.Where(c => c.Type != type).ToList();
        if (value is not null)
        {
            claims.Add(new Claim(type, value));
        }

        Assert.Null(StaffUser.From(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))));
    }

    [Theory]
    [InlineData("Lien, Marte", null, "Marte", "Marte Lien")]
    [InlineData("Marte Lien", null, "Marte", "Marte Lien")]
    [InlineData("Hassan, Amina Sofie", "Amina", "Amina", "Amina Sofie Hassan")]
    [InlineData("", null, "", "")]
    public void Entra_names_become_first_and_display_names(string name, string? given, string first, string display) =>
        Assert.Equal((first, display), EntraClaims.Names(name, given));

    [Fact]
    public void Entra_groups_overage_is_named_as_the_reason_for_no_access()
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity([new Claim("NAVident", "Z990001"), new Claim("hasgroups", "true")], "jwt"));

        var (principal, problem) = EntraClaims.Map(token, new EntraSettings { OfficeGroups = { ["g"] = "0219" } });

        Assert.Equal(EntraAccessProblem.GroupsOverage, problem);
        Assert.Null(StaffUser.From(principal));
    }

    [Fact]
    public void Entra_claims_that_look_like_the_apps_own_are_not_taken_over()
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("NAVident", "Z990001"), new Claim(StaffClaims.Office, "0219"), new Claim(StaffClaims.Role, "TeamLead")], "jwt"));

        var (principal, _) = EntraClaims.Map(token, new EntraSettings());

        Assert.Null(StaffUser.From(principal));
        Assert.Equal("Veileder", principal.FindFirst(StaffClaims.Role)?.Value);
    }

    [Theory]
    [InlineData("/veileder/saker/1?x=2", "/veileder/saker/1?x=2")]
    [InlineData("/veileder", "/veileder")]
    [InlineData(null, "/veileder")]
    [InlineData("", "/veileder")]
    [InlineData("https://evil.example/veileder", "/veileder")]
    [InlineData("//evil.example/veileder", "/veileder")]
    [InlineData("/\\evil.example", "/veileder")]
    [InlineData("/veilederx", "/veileder")]
    [InlineData("/veileder/../api/messages", "/veileder")]
    [InlineData("/", "/veileder")]
    public void After_sign_in_only_workspace_paths_are_followed(string? redirect, string expected) =>
        Assert.Equal(expected, StaffPaths.SafeReturnPath(redirect));

    [Fact]
    public void The_password_check_needs_the_exact_password()
    {
        Assert.True(DevAccounts.PasswordMatches("dialogue-demo", "dialogue-demo"));
        Assert.False(DevAccounts.PasswordMatches("dialogue-dem", "dialogue-demo"));
        Assert.False(DevAccounts.PasswordMatches("Dialogue-demo", "dialogue-demo"));
        Assert.False(DevAccounts.PasswordMatches(string.Empty, string.Empty));
    }

    [Theory]
    [InlineData("Z990001", "Z990001")]
    [InlineData("MY-PASSWORD", "(not a NAV ident)")]
    [InlineData("Z9900011", "(not a NAV ident)")]
    public void Only_ident_shaped_input_is_logged(string ident, string logged) => Assert.Equal(logged, DevAccounts.Loggable(ident));
}
