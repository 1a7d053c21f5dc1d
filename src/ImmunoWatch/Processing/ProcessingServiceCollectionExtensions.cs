using ImmunoWatch.Tagging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmunoWatch.Processing;

public static class ProcessingServiceCollectionExtensions
{
    public static IServiceCollection AddItemProcessing(this IServiceCollection services)
    {
        services.TryAddSingleton(ItemTagger.Shipped);
        services.TryAddSingleton<ItemProcessor>();
        return services;
    }
}
