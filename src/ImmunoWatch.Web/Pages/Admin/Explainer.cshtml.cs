using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Tagging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>The explainer digests carry: each audience's text with its versions, a preview before publishing, and the per-cancer pointers.</summary>
public sealed class ExplainerModel(ExplainerStore explainers, AuditStore audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Audience { get; set; } = Audiences.Advocate;

    [BindProperty]
    public string Body { get; set; } = "";

    public int CurrentVersion { get; private set; }

    public IReadOnlyList<(int Version, DateTimeOffset CreatedAt, string Body)> Versions { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Pointers { get; private set; } = new Dictionary<string, string>();

    public string? PreviewHtml { get; private set; }

    public bool CanChange => User.IsInRole(AdminRoles.Admin);

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Audiences.All.Contains(Audience))
        {
            return BadRequest("audience must be advocate or clinician");
        }

        await LoadAsync(keepBody: false, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (!Audiences.All.Contains(Audience))
        {
            return BadRequest("audience must be advocate or clinician");
        }

        await LoadAsync(keepBody: true, cancellationToken);
        PreviewHtml = ExplainerMarkup.ToHtml(Body);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        var body = Body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (!Audiences.All.Contains(Audience) || body.Length is 0 or > 20_000)
        {
            return BadRequest("an audience (advocate or clinician) and a text of up to 20,000 characters");
        }

        var before = await explainers.VersionsAsync(Audience, cancellationToken);
        var version = await explainers.PublishAsync(Audience, body, cancellationToken);
        await audit.RecordAsync(User.Identity!.Name!, "explainer.publish", $"explainer ({Audience})",
            before.Count == 0 ? null : new { version = before[0].Version, length = before[0].Body.Length }, new { version, length = body.Length }, cancellationToken);
        Notice = $"Published version {version} of the {Audience} explainer: the next digests carry it.";
        return RedirectToPage(new { audience = Audience });
    }

    public async Task<IActionResult> OnPostPointerAsync(string? site, string? pointer, CancellationToken cancellationToken)
    {
        var key = (site ?? "").Trim().ToUpperInvariant();
        if (key != "*" && OncoTree.Shipped.Find(key) is null || (pointer?.Length ?? 0) > 300)
        {
            Notice = $"Not saved: '{site}' is not an OncoTree tissue or code (or *), or the pointer is over 300 characters.";
            return RedirectToPage(new { audience = Audience });
        }

        var before = (await explainers.PointersAsync(cancellationToken)).GetValueOrDefault(key);
        await explainers.SetPointerAsync(key, pointer, cancellationToken);
        await audit.RecordAsync(User.Identity!.Name!, "explainer.pointer", $"pointer {key}", new { pointer = before }, new { pointer = string.IsNullOrWhiteSpace(pointer) ? null : pointer.Trim() }, cancellationToken);
        Notice = $"Saved the pointer for {key}.";
        return RedirectToPage(new { audience = Audience });
    }

    private async Task LoadAsync(bool keepBody, CancellationToken cancellationToken)
    {
        Versions = await explainers.VersionsAsync(Audience, cancellationToken);
        CurrentVersion = Versions.Count == 0 ? 0 : Versions[0].Version;
        Pointers = await explainers.PointersAsync(cancellationToken);
        if (!keepBody)
        {
            Body = Versions.Count == 0 ? "" : Versions[0].Body;
        }
    }
}
