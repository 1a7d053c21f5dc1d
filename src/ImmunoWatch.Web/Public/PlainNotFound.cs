using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImmunoWatch.Web.Public;

/// <summary>The one answer every unknown or altered token gets: a plain 404 that tells nothing.</summary>
public static class PlainNotFound
{
    public const string Text = "Not found.";

    public static ContentResult Result() => new() { Content = Text, ContentType = "text/plain; charset=utf-8", StatusCode = StatusCodes.Status404NotFound };
}
