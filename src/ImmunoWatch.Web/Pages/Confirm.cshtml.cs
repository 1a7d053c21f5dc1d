using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Web.Public;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages;

/// <summary>The mailed confirmation link: opening it shows a button (so link scanners that prefetch it change nothing); only its POST activates the subscription.</summary>
[IgnoreAntiforgeryToken]
public sealed class ConfirmModel(SubscriberTokens tokens, SubscriberStore subscribers) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public bool Done { get; private set; }

    public IActionResult OnGet() => tokens.Verify(SubscriptionPolicy.ConfirmPurpose, Token) is null ? PlainNotFound.Result() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (tokens.Verify(SubscriptionPolicy.ConfirmPurpose, Token) is not { } id || await subscribers.GetAsync(id, cancellationToken) is not { } subscriber)
        {
            return PlainNotFound.Result();
        }

        if (subscriber.State == SubscriberStates.Pending)
        {
            await subscribers.SetStateAsync(id, SubscriberStates.Active, cancellationToken);
        }

        Done = true;
        return Page();
    }
}
