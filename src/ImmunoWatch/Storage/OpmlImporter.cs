using ImmunoWatch.Sources;

namespace ImmunoWatch.Storage;

/// <summary>
/// Adds the subscriptions of an OPML document as sources: each validated as an admin's would be,
/// existing URLs left as they are, ImmunoWatch's own attributes (kind, relevance, interval, paused
/// and why) read back.
/// </summary>
public sealed class OpmlImporter(SourceStore store, SourceValidator validator)
{
    /// <summary>What an import did; <see cref="Rejected"/> lists each refused URL with its reasons.</summary>
    public sealed record Result(int Added, int Existing, IReadOnlyList<string> Rejected);

    public async Task<Result> ImportAsync(IReadOnlyList<OpmlDocument.Outline> outlines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outlines);
        int added = 0, existing = 0;
        var rejected = new List<string>();
        foreach (var outline in outlines)
        {
            // An interval another tool wrote that we cannot read falls back to adaptive polling.
            var pollInterval = IntervalText.TryParse(outline.Interval, out var parsed) ? parsed : null;
            var source = new Source
            {
                Url = outline.Url,
                Name = string.IsNullOrWhiteSpace(outline.Title) ? outline.Url : outline.Title.Trim(),
                Kind = outline.Kind ?? SourceKinds.Other,
                RelevanceMode = outline.RelevanceMode ?? RelevanceModes.All,
                PollInterval = pollInterval,
                // A source exported paused comes back paused, with its reason.
                Enabled = outline.Enabled ?? true,
                DisabledReason = outline.Enabled == false ? outline.DisabledReason ?? "paused in the imported OPML" : null,
            };
            var errors = validator.Validate(source);
            if (errors.Count > 0)
            {
                rejected.Add($"{outline.Url}: {string.Join("; ", errors)}");
                continue;
            }

            try
            {
                await store.AddAsync(source, cancellationToken);
                added++;
            }
            catch (DuplicateSourceException)
            {
                existing++;
            }
        }

        return new Result(added, existing, rejected);
    }
}
