using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ImmunoWatch.Web.Admin;

/// <summary>Under /admin, anything but a read needs the admin role: a viewer's POST gets 403 (after antiforgery, so a forged one gets 400 first).</summary>
internal sealed class AdminWritesFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var open = context.ActionDescriptor.ViewEnginePath is "/Admin/Login" or "/Admin/Logout";
        if (!isRead && !open && request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) && !context.HttpContext.User.IsInRole(AdminRoles.Admin))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }
}
