using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ImmunoWatch.Delivery;

/// <summary>
/// Sends one digest over SMTP with MailKit. Failures are classified so the outbox can act: before
/// the message is handed over (connect, TLS, MAIL, RCPT) a 4xx or an unreachable server is
/// transient and a 5xx permanent; a connection lost while the message is being transmitted is
/// unknown. TLS, when configured, is required: there is no fallback to plaintext.
/// </summary>
public sealed class DigestMailer(IOptions<SmtpOptions> options)
{
    private readonly SmtpOptions _options = options.Value;

    /// <param name="message">The message.</param>
    /// <param name="transmitting">Called once the session is ready, just before the message is handed over.</param>
    /// <param name="cancellationToken">
    /// Cancels the send until the message is handed over. The transmission itself is never cut off
    /// by it (a half-sent message is an unknown outcome): the SMTP timeout bounds it instead.
    /// </param>
    public async Task<SendOutcome> SendAsync(MimeMessage message, Func<Task> transmitting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(transmitting);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var security = _options.Security switch
            {
                "None" => SecureSocketOptions.None,
                "Tls" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(_options.Host, _options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.Username))
            {
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or SslHandshakeException or ServiceNotConnectedException or SmtpProtocolException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendOutcomeKind.Transient, $"SMTP {_options.Host}:{_options.Port} not usable: {ex.GetType().Name}: {FirstLine(ex.Message)}");
        }
        catch (SmtpCommandException ex)
        {
            return Classify(ex);
        }
        catch (AuthenticationException ex)
        {
            return new SendOutcome(SendOutcomeKind.Transient, $"SMTP authentication failed: {FirstLine(ex.Message)}");
        }
        catch (NotSupportedException ex)
        {
            // StartTls was required and the server does not offer it: never fall back to plaintext.
            return new SendOutcome(SendOutcomeKind.Transient, $"SMTP {_options.Host}:{_options.Port} refused: {FirstLine(ex.Message)}; not sending without TLS");
        }

        await transmitting();
        try
        {
            var response = await client.SendAsync(message, CancellationToken.None);
            await client.DisconnectAsync(quit: true, CancellationToken.None);
            return new SendOutcome(SendOutcomeKind.Sent, FirstLine(response));
        }
        catch (SmtpCommandException ex)
        {
            return Classify(ex);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException or SocketException or OperationCanceledException)
        {
            return new SendOutcome(SendOutcomeKind.Unknown, $"connection lost while sending: {ex.GetType().Name}: {FirstLine(ex.Message)}");
        }
    }

    private static SendOutcome Classify(SmtpCommandException ex)
    {
        var code = (int)ex.StatusCode;
        var kind = code is >= 400 and < 500 ? SendOutcomeKind.Transient : SendOutcomeKind.Permanent;
        return new SendOutcome(kind, $"SMTP {code} at {ex.ErrorCode}: {FirstLine(ex.Message)}", ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && kind == SendOutcomeKind.Permanent);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
