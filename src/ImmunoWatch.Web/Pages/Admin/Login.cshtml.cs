using System.Security.Claims;
using ImmunoWatch.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Sign-in with email and password; repeated failures lock the account (<see cref="AdminSignIn"/>).</summary>
public sealed class LoginModel(AdminSignIn signIn) : PageModel
{
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (account, refusal) = await signIn.CheckAsync(Email, Password, cancellationToken);
        if (account is null)
        {
            Error = refusal == SignInRefusal.LockedOut
                ? "This account is locked after too many failed sign-ins. Try again later."
                : "That email and password do not match an admin account.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Email), new Claim(ClaimTypes.Role, account.Role), new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? ReturnUrl : "/admin/sources");
    }
}
