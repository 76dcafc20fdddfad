using System.Net;
using Docket.Domain.Webhooks;

namespace Docket.Domain.Tests.Webhooks;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "shared-address")]
    [InlineData("224.0.0.1", "multicast or reserved")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "private")]
    [InlineData("ff02::1", "multicast")]
    public void Addresses_inside_the_deployment_or_this_machine_are_forbidden(string address, string range) =>
        Assert.Equal(range, WebhookTargets.ForbiddenRange(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(WebhookTargets.ForbiddenRange(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://hooks.example.com/docket", true)]
    [InlineData("http://hooks.example.com/docket", false)]
    [InlineData("https://127.0.0.1/x", false)]
    [InlineData("https://localhost/x", false)]
    [InlineData("https://10.0.0.5/x", false)]
    [InlineData("https://user:pw@hooks.example.com/x", false)]
    [InlineData("ftp://hooks.example.com/x", false)]
    [InlineData("/relative", false)]
    public void Only_https_to_public_hosts_unless_insecure_targets_are_allowed(string url, bool accepted) =>
        Assert.Equal(accepted, WebhookTargets.Problem(url, allowInsecure: false) is null);

    [Theory]
    [InlineData("http://127.0.0.1:7000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("https://192.168.0.2/hook")]
    public void A_developer_machine_may_call_local_http_receivers(string url) =>
        Assert.Null(WebhookTargets.Problem(url, allowInsecure: true));

    [Fact]
    public void Credentials_and_other_schemes_stay_refused_even_where_insecure_targets_are_allowed()
    {
        Assert.NotNull(WebhookTargets.Problem("http://a:b@localhost/x", allowInsecure: true));
        Assert.NotNull(WebhookTargets.Problem("file:///etc/passwd", allowInsecure: true));
    }
}
