namespace ImmunoWatch.Sources;

/// <summary>Checks a source an admin adds or edits; each error names its field.</summary>
public sealed class SourceValidator(FeedUrlValidator urls)
{
    public IReadOnlyList<string> Validate(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = new List<string>();
        var (_, urlError) = urls.Validate(source.Url);
        if (urlError is not null)
        {
            errors.Add(urlError);
        }

        if (string.IsNullOrWhiteSpace(source.Name) || source.Name.Length > 200 || source.Name.Any(char.IsControl))
        {
            errors.Add("name: required, at most 200 characters, no control characters");
        }

        if (!SourceKinds.All.Contains(source.Kind))
        {
            errors.Add($"kind: '{source.Kind}' is not one of {string.Join(", ", SourceKinds.All)}");
        }

        if (!RelevanceModes.Values.Contains(source.RelevanceMode))
        {
            errors.Add($"mode: '{source.RelevanceMode}' is not one of {string.Join(", ", RelevanceModes.Values)}");
        }

        if (source.PollInterval is { } interval && (interval < TimeSpan.FromMinutes(1) || interval > TimeSpan.FromDays(30)))
        {
            errors.Add("interval: must be between 1 minute and 30 days, or auto");
        }

        return errors;
    }
}
