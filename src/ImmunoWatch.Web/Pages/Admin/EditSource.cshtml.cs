using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Edits a source's URL, name, kind, relevance mode and interval (re-times it), recorded in the audit log.</summary>
public sealed class EditSourceModel(SourceStore sources, SourceValidator validator, AuditStore audit) : PageModel
{
    [BindProperty]
    public SourceFormFields Fields { get; set; } = new();

    public Source? Original { get; private set; }

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if ((Original = await sources.GetAsync(id, cancellationToken)) is null)
        {
            return NotFound();
        }

        Fields = new SourceFormFields { Url = Original.Url, Name = Original.Name, Kind = Original.Kind, Mode = Original.RelevanceMode, Interval = IntervalText.Format(Original.PollInterval) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if ((Original = await sources.GetAsync(id, cancellationToken)) is null)
        {
            return NotFound();
        }

        if (!IntervalText.TryParse(Fields.Interval, out var interval))
        {
            Errors.Add($"interval: '{Fields.Interval}' is not an interval (try 30m, 2h, 1d or auto)");
            return Page();
        }

        var updated = Original with
        {
            Url = (Fields.Url ?? "").Trim(),
            Name = string.IsNullOrWhiteSpace(Fields.Name) ? Original.Name : Fields.Name.Trim(),
            Kind = Fields.Kind,
            RelevanceMode = Fields.Mode,
            PollInterval = interval,
        };
        Errors.AddRange(validator.Validate(updated));
        if (Errors.Count > 0)
        {
            return Page();
        }

        try
        {
            await sources.UpdateAsync(updated, cancellationToken);
        }
        catch (DuplicateSourceException ex)
        {
            Errors.Add(ex.Message);
            return Page();
        }

        await audit.RecordAsync(User.Identity!.Name!, "source.edit", $"source {id} ({updated.Name})",
            new { Original.Url, Original.Name, Original.Kind, relevance = Original.RelevanceMode, interval = IntervalText.Format(Original.PollInterval) },
            new { updated.Url, updated.Name, updated.Kind, relevance = updated.RelevanceMode, interval = IntervalText.Format(updated.PollInterval) }, cancellationToken);
        TempData["Notice"] = $"Saved {updated.Name}.";
        return Redirect("/admin/sources");
    }
}
