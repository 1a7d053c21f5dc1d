using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Adds a source after validating it as the CLI does; "Test fetch" shows what it would store, saving nothing.</summary>
public sealed class AddSourceModel(SourceStore sources, SourceValidator validator, SourceTrial trial, AuditStore audit) : PageModel
{
    /// <summary>A test fetch's result as shown: format, title, and the first items with their tags.</summary>
    public sealed record TrialView(string Format, string Title, IReadOnlyList<TrialItem> Items);

    public sealed record TrialItem(string Title, string Published, string Sites, string Immunotherapy);

    [BindProperty]
    public SourceFormFields Fields { get; set; } = new();

    public List<string> Errors { get; } = [];

    public TrialView? Trial { get; private set; }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        if (Build() is not { } source)
        {
            return Page();
        }

        var outcome = await trial.TryAsync(new Uri(source.Url), cancellationToken);
        if (outcome.Error is { } error)
        {
            Errors.Add($"Test fetch failed: {error}");
            return Page();
        }

        Trial = new TrialView(outcome.Feed!.Format, outcome.Feed.Title, outcome.Items.Select(i => new TrialItem(
            i.Item.Title,
            i.Item.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            string.Join(", ", i.Tags.Sites),
            i.Tags.Immunotherapy ? "yes" : "no")).ToList());
        if (string.IsNullOrWhiteSpace(Fields.Name))
        {
            Fields.Name = outcome.Feed.Title;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (Build() is not { } source)
        {
            return Page();
        }

        try
        {
            var id = await sources.AddAsync(source, cancellationToken);
            await audit.RecordAsync(User.Identity!.Name!, "source.add", $"source {id} ({source.Name})", null,
                new { source.Url, source.Name, source.Kind, relevance = source.RelevanceMode, interval = IntervalText.Format(source.PollInterval) }, cancellationToken);
            TempData["Notice"] = $"Added {source.Name}; it is polled at once.";
            return Redirect("/admin/sources");
        }
        catch (DuplicateSourceException ex)
        {
            Errors.Add(ex.Message);
            return Page();
        }
    }

    private Source? Build()
    {
        if (!IntervalText.TryParse(Fields.Interval, out var interval))
        {
            Errors.Add($"interval: '{Fields.Interval}' is not an interval (try 30m, 2h, 1d or auto)");
            return null;
        }

        var url = (Fields.Url ?? "").Trim();
        var source = new Source
        {
            Url = url,
            Name = string.IsNullOrWhiteSpace(Fields.Name) ? (Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : url) : Fields.Name.Trim(),
            Kind = Fields.Kind,
            RelevanceMode = Fields.Mode,
            PollInterval = interval,
        };
        Errors.AddRange(validator.Validate(source));
        return Errors.Count == 0 ? source : null;
    }
}
