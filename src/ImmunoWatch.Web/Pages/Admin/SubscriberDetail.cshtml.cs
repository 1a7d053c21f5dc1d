using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>One subscriber: change what they follow and how often, suppress or unsuppress them, see their last digests.</summary>
public sealed class SubscriberDetailModel(SubscriberStore subscribers, DigestOutboxStore outbox, AuditStore audit) : PageModel
{
    public Subscriber? Subscriber { get; private set; }

    public IReadOnlyList<OutboxSummary> Digests { get; private set; } = [];

    public string? Error { get; private set; }

    public bool CanChange => User.IsInRole(AdminRoles.Admin);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(long id, string? follow, string? cadence, string? audience, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var before = Subscriber!;
        var updated = before with
        {
            Followed = (follow ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList(),
            Cadence = cadence ?? before.Cadence,
            Audience = audience ?? before.Audience,
        };
        var errors = SubscriberValidator.Validate(updated);
        if (errors.Count > 0)
        {
            Error = string.Join("; ", errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await subscribers.UpdateAsync(updated, cancellationToken);
        await audit.RecordAsync(User.Identity!.Name!, "subscriber.edit", $"subscriber {id} ({before.Email})",
            new { followed = before.Followed, before.Cadence, before.Audience }, new { followed = updated.Followed, updated.Cadence, updated.Audience }, cancellationToken);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostSuppressAsync(long id, bool suppress, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var before = Subscriber!;
        var updated = before with { State = suppress ? SubscriberStates.Unsubscribed : SubscriberStates.Active };
        await subscribers.UpdateAsync(updated, cancellationToken);
        await audit.RecordAsync(User.Identity!.Name!, suppress ? "subscriber.suppress" : "subscriber.unsuppress", $"subscriber {id} ({before.Email})",
            new { before.State }, new { updated.State }, cancellationToken);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Subscriber = await subscribers.GetAsync(id, cancellationToken);
        if (Subscriber is null)
        {
            return false;
        }

        Digests = await outbox.ListSummariesAsync(null, 20, cancellationToken, subscriberId: id);
        return true;
    }
}
