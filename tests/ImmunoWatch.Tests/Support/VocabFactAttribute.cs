namespace ImmunoWatch.Tests.Support;

/// <summary>A fact that needs ../shared/vocab/DO_cancer_slim.obo: skipped with a reason in a user's clone without it; run, and failing, under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class VocabFactAttribute : FactAttribute
{
    public VocabFactAttribute()
    {
        if (RepositoryPaths.DiseaseOntologyFile is null && !RepositoryPaths.IsCi)
        {
            Skip = "../shared/vocab/DO_cancer_slim.obo is not present beside this checkout";
        }
    }
}
