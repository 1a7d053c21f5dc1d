using ImmunoWatch.Tagging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmunoWatch.Processing;

public static class ProcessingServiceCollectionExtensions
{
    public static IServiceCollection AddItemProcessing(this IServiceCollection services)
    {
        // Resolved on first use: commands that never tag do not load the lexicon.
        services.TryAddSingleton(_ => ItemTagger.Shipped);
        services.TryAddSingleton(sp => new ItemProcessor(sp.GetRequiredService<ItemTagger>));
        return services;
    }
}
