using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter on the public subscription form: a few submissions per client address
/// per minute, so the form cannot be used to flood mailboxes or the subscriber table; 429 beyond.
/// </summary>
internal static class SubscriptionRateLimit
{
    public const int PermitsPerMinute = 5;

    public static IServiceCollection AddSubscriptionRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Submissions count; showing the form does not.
            limiter.AddPolicy(ImmunoWatch.Web.Public.SubscriptionPolicy.RateLimitPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = PermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("form"));
        });
}
