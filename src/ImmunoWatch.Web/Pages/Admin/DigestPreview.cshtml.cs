using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>What a subscriber's next digest would be, rendered as the email's HTML part; sends and marks nothing.</summary>
public sealed class DigestPreviewModel(SubscriberStore subscribers, DigestComposer composer, DigestRenderer renderer, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await subscribers.GetAsync(id, cancellationToken) is not { } subscriber)
        {
            return NotFound();
        }

        var digest = await composer.ComposeAsync(subscriber, DigestPeriod.Ending(time.GetUtcNow(), subscriber.Cadence, subscriber.TimeZone), cancellationToken);
        var rendered = renderer.Render(digest, webVersionId: null);
        // The email's own inline styles, and nothing else, may apply here.
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return Content(rendered.Html, "text/html; charset=utf-8");
    }
}
