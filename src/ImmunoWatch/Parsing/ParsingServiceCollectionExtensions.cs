using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmunoWatch.Parsing;

public static class ParsingServiceCollectionExtensions
{
    public static IServiceCollection AddFeedParsing(this IServiceCollection services)
    {
        FeedDecoder.EnsureCodePages();
        services.AddOptions<ParsingOptions>().BindConfiguration(ParsingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<FeedDocumentParser>();
        services.TryAddSingleton<CtGovParser>();
        services.TryAddSingleton<PubMedParser>();
        return services;
    }
}
