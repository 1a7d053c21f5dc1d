using System.Net;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.Subscribers;

/// <summary>The plain pages subscribers see (unsubscribe, confirm, preferences), and the one 404 every bad token gets.</summary>
internal static class SubscriberPages
{
    public static IResult NotFound() => Results.Text("Not found.", "text/plain", statusCode: StatusCodes.Status404NotFound);

    /// <param name="title">Plain text; encoded here.</param>
    /// <param name="body">Trusted HTML built by the caller (feed or user text in it must already be encoded).</param>
    /// <param name="status">HTTP status.</param>
    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)} · ImmunoWatch</title></head><body style=\"font-family:Arial,sans-serif;max-width:640px;margin:2em auto;\"><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>", "text/html; charset=utf-8", statusCode: status);
}
