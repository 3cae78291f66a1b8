using System.ComponentModel;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;

namespace NotificationService;

/// <summary>Forwards notifications to a partner's gateway, with its credentials and addresses written into the code.</summary>
public sealed class PartnerGateway(HttpClient http)
{
    // A hard-coded mail relay: it cannot follow environments or a failover.
    private readonly SmtpClient _smtp = new("smtp.partner-relay.net");

    // A signing key in the code: anyone with the assembly can sign requests as this service.
    private static readonly byte[] SigningKey = Encoding.UTF8.GetBytes("FAKE-partner-signing-key-do-not-use");

    public async Task ForwardAsync(string payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "forward") { Content = new StringContent(payload) };
        // The partner's key as a literal header value.
        request.Headers.Add("X-Api-Key", "FAKE-partner-key");
        using var hmac = new HMACSHA256(SigningKey);
        request.Headers.Add("X-Signature", Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(payload))));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public Task SendDigestAsync(string to, string body, CancellationToken cancellationToken) =>
        _smtp.SendMailAsync(new MailMessage("digest@notifications.invalid", to, "Digest", body), cancellationToken);

    // A support password accepted by the admin endpoint: a back door in every deployment.
    public static bool IsSupportLogin(string password) => password == "FAKE-support-override";
}

public sealed class PartnerOptions
{
    // A default password in an attribute ships with every build.
    [DefaultValue("FAKE-partner-pw1!")]
    public string Password { get; set; } = "";
}
