using Dialogue.Bot.Channels.Sms;

namespace Dialogue.Bot.Tests.Channels;

/// <summary>Twilio webhook signatures: the published example, and every kind of tampering refused.</summary>
public sealed class TwilioSignatureTests
{
    // The example Twilio publishes for its request validators.
    private const string Token = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly KeyValuePair<string, string>[] Form =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    ];

    [Fact]
    public void Matches_Twilios_published_example_whatever_order_the_fields_come_in()
    {
        Assert.Equal(Expected, TwilioSignature.Compute(Token, Url, Form));
        Assert.Equal(Expected, TwilioSignature.Compute(Token, Url, Form.Reverse()));
        Assert.True(TwilioSignature.IsValid(Token, Url, Form, Expected));
    }

    [Fact]
    public void A_changed_value_is_refused()
    {
        var changed = Form.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p).ToList();

        Assert.False(TwilioSignature.IsValid(Token, Url, changed, Expected));
    }

    [Fact]
    public void An_added_or_missing_field_is_refused()
    {
        Assert.False(TwilioSignature.IsValid(Token, Url, [.. Form, new("Body", "hei")], Expected));
        Assert.False(TwilioSignature.IsValid(Token, Url, Form[1..], Expected));
    }

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=3")]
    [InlineData("https://evil.example/myapp.php?foo=1&bar=2")]
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php")]
    public void A_different_url_is_refused(string url)
    {
        Assert.False(TwilioSignature.IsValid(Token, url, Form, Expected));
    }

    [Theory]
    [InlineData("54321")]
    [InlineData("")]
    public void Another_auth_token_is_refused(string token)
    {
        Assert.False(TwilioSignature.IsValid(token, Url, Form, Expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    [InlineData("rsoydt4t1cutdk1pdd93/vvr8b8=")]
    public void A_missing_or_altered_signature_is_refused(string? signature)
    {
        Assert.False(TwilioSignature.IsValid(Token, Url, Form, signature));
    }

    [Fact]
    public void The_default_port_may_be_written_out_or_left_out()
    {
        var signedWithPort = TwilioSignature.Compute(Token, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Form);

        Assert.True(TwilioSignature.IsValid(Token, Url, Form, signedWithPort));
        Assert.True(TwilioSignature.IsValid(Token, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Form, Expected));
        Assert.False(TwilioSignature.IsValid(Token, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", Form, Expected));
    }
}
