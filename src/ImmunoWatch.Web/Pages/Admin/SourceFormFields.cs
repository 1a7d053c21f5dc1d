namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>The fields of the add and edit forms of a source.</summary>
public sealed class SourceFormFields
{
    public string Url { get; set; } = "";
    public string? Name { get; set; }
    public string Kind { get; set; } = ImmunoWatch.Sources.SourceKinds.News;
    public string Mode { get; set; } = ImmunoWatch.Sources.RelevanceModes.All;
    public string Interval { get; set; } = "auto";
}
