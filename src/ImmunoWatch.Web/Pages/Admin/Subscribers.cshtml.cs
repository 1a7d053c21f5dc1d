using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Subscribers, searchable by address or name.</summary>
public sealed class SubscribersModel(SubscriberStore subscribers) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<Subscriber> Subscribers { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await subscribers.ListAsync(cancellationToken);
        var q = Q?.Trim();
        Subscribers = (string.IsNullOrEmpty(q) ? all : all.Where(s => s.Email.Contains(q, StringComparison.OrdinalIgnoreCase) || s.Name.Contains(q, StringComparison.OrdinalIgnoreCase))).Take(500).ToList();
    }
}
