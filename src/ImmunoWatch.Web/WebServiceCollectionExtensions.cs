using ImmunoWatch.Storage;
using ImmunoWatch.Web.Admin;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Web;

public static class WebServiceCollectionExtensions
{
    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(WebServiceCollectionExtensions).Assembly.GetManifestResourceStream("admin.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// The pages people use, one layout: the subscriber pages (subscribe, confirm, unsubscribe,
    /// preferences, the web version of a digest) and the admin pages, with cookie sign-in, that fail
    /// closed under /admin (anonymous: a redirect to the sign-in page; a viewer's change: 403; a form
    /// without its antiforgery token: 400).
    /// </summary>
    public static IServiceCollection AddImmunoWatchWeb(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPasswordHasher<AdminAccount>, PasswordHasher<AdminAccount>>();
        services.AddSingleton<AdminSignIn>();
        // One key ring for the whole cluster, in the database: cookies and antiforgery tokens hold on every instance.
        services.AddDataProtection().SetApplicationName("immunowatch");
        services.AddOptions<KeyManagementOptions>().Configure<Npgsql.NpgsqlDataSource>((keys, dataSource) => keys.XmlRepository = new DatabaseKeyRepository(dataSource));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "iw_admin";
            cookie.Cookie.Path = "/admin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/admin/login";
            cookie.LogoutPath = "/admin/logout";
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AdminOptions>>((cookie, admin) => cookie.ExpireTimeSpan = admin.Value.SessionLifetime);
        services.AddAuthorization();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "iw_antiforgery";
            antiforgery.Cookie.Path = "/admin";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Admin");
            pages.Conventions.AllowAnonymousToPage("/Admin/Login");
        }).AddMvcOptions(mvc => mvc.Filters.Add<AdminWritesFilter>())
            .AddApplicationPart(typeof(WebServiceCollectionExtensions).Assembly);
        return services;
    }

    private static readonly string[] PagePrefixes = ["/admin", "/subscribe", "/confirm", "/u", "/p"];

    private static bool IsPage(PathString path) => PagePrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Maps the pages (admin and subscriber), with a Content-Security-Policy and no caching on every page.</summary>
    public static WebApplication MapImmunoWatchWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => IsPage(context.Request.Path), admin => admin.Use(async (context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            await next(context);
        }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/site.css", () => Results.Text(Stylesheet.Value, "text/css; charset=utf-8"));
        // The web version of a sent digest: the stored email HTML, as it was sent.
        app.MapGet("/d/{token}", async (string token, Digests.SubscriberTokens tokens, DigestOutboxStore outbox, CancellationToken cancellationToken) =>
            tokens.Verify(Digests.SubscriberTokens.WebVersion, token) is { } id && await outbox.GetAsync(id, cancellationToken) is { Html: { Length: > 0 } html }
                ? Results.Content(html, "text/html; charset=utf-8")
                : Results.Text(Public.PlainNotFound.Text, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
        return app;
    }
}
