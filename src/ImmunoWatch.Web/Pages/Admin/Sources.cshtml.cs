using System.Globalization;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Every source with its health, failing first; admins pause (with a reason) and resume them.</summary>
public sealed class SourcesModel(SourceStore sources, AuditStore audit) : PageModel
{
    public IReadOnlyList<Source> Sources { get; private set; } = [];

    public bool CanChange => User.IsInRole(AdminRoles.Admin);

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sources = (await sources.ListAsync(cancellationToken))
            .OrderBy(s => State(s) switch { "failing" => 0, "ok" => 1, _ => 2 })
            .ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<IActionResult> OnPostPauseAsync(long id, string? reason, CancellationToken cancellationToken)
    {
        var why = (reason ?? "").Trim();
        if (why.Length is 0 or > 200 || why.Any(char.IsControl))
        {
            Notice = "Give a reason (up to 200 characters) to pause a source.";
            return RedirectToPage();
        }

        Notice = await SetEnabledAsync(id, false, why, cancellationToken) ? $"Source {id} paused." : $"No source {id}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken)
    {
        Notice = await SetEnabledAsync(id, true, null, cancellationToken) ? $"Source {id} resumed; it is polled at once." : $"No source {id}.";
        return RedirectToPage();
    }

    /// <summary>Pauses or resumes a source and records the change in the audit log, with the state before and after.</summary>
    private async Task<bool> SetEnabledAsync(long id, bool enabled, string? reason, CancellationToken cancellationToken)
    {
        if (await sources.GetAsync(id, cancellationToken) is not { } before || !await sources.SetEnabledAsync(id, enabled, reason, cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(User.Identity!.Name!, enabled ? "source.resume" : "source.pause", $"source {id} ({before.Name})",
            new { enabled = before.Enabled, reason = before.DisabledReason }, new { enabled, reason }, cancellationToken);
        return true;
    }

    public static string State(Source source) => !source.Enabled ? "paused" : source.ConsecutiveErrors > 0 ? "failing" : source.LastSuccessAt is null ? "new" : "ok";

    public static string When(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";
}
