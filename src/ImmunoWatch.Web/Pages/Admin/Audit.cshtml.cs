using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>The admin audit log, newest first.</summary>
public sealed class AuditModel(AuditStore audit) : PageModel
{
    public const int PageSize = 500;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await audit.LatestAsync(PageSize, cancellationToken);
}
