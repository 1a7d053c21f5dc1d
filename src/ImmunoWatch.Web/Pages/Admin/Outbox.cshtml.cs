using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>The digest outbox by state (never loading stored message bodies); an unknown row is settled as sent or resent, with confirmation.</summary>
public sealed class OutboxModel(DigestOutboxStore outbox, AuditStore audit, TimeProvider time) : PageModel
{
    public const int PageSize = 200;

    private static readonly HashSet<string> States = new(StringComparer.Ordinal) { "pending", "claimed", "transmitting", "sent", "failed", "unknown", "empty" };

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public IReadOnlyList<OutboxSummary> Rows { get; private set; } = [];

    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();

    public bool CanChange => User.IsInRole(AdminRoles.Admin);

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (State is not null && !States.Contains(State))
        {
            return BadRequest($"state must be one of {string.Join(", ", States.Order(StringComparer.Ordinal))}");
        }

        Rows = await outbox.ListSummariesAsync(State, PageSize, cancellationToken);
        Counts = await outbox.CountByStateAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(long id, string? outcome, string? confirm, CancellationToken cancellationToken)
    {
        if (outcome is not ("sent" or "resend") || confirm != "yes")
        {
            Notice = "Choose whether it arrived, and confirm that you checked.";
            return RedirectToPage(new { state = "unknown" });
        }

        var sent = outcome == "sent";
        if (await outbox.ResolveUnknownAsync(id, sent, time.GetUtcNow(), cancellationToken))
        {
            await audit.RecordAsync(User.Identity!.Name!, "outbox.resolve", $"outbox row {id}", new { state = "unknown" }, new { state = sent ? "sent" : "pending", resolution = outcome }, cancellationToken);
            Notice = sent ? $"Row {id} marked sent." : $"Row {id} queued again: the same message goes out on the next run.";
        }
        else
        {
            Notice = $"Row {id} is not unknown (any more): nothing changed.";
        }

        return RedirectToPage(new { state = "unknown" });
    }
}
