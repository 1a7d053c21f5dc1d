using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Web.Public;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages;

/// <summary>
/// RFC 8058 one-click unsubscribe: a POST to the link (from the mail client or the button) works
/// without cookies, sign-in or antiforgery token and never redirects; a GET only shows the button.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(SubscriberTokens tokens, SubscriberStore subscribers) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public bool Done { get; private set; }

    public IActionResult OnGet() => tokens.Verify(SubscriberTokens.Unsubscribe, Token) is null ? PlainNotFound.Result() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (tokens.Verify(SubscriberTokens.Unsubscribe, Token) is not { } id)
        {
            return PlainNotFound.Result();
        }

        await subscribers.SetStateAsync(id, SubscriberStates.Unsubscribed, cancellationToken);
        Done = true;
        return Page();
    }
}
