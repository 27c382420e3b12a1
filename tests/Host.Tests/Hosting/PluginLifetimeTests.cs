using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Host.Configuration;
using Moq;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Tests.Hosting;

public sealed class PluginLifetimeTests
{
    [Fact]
    public async Task Plugins_start_in_order_and_stop_in_reverse_collecting_failures()
    {
        var calls = new List<string>();
        var records = new[] { "A", "B", "C" }.Select(name =>
        {
            var mock = new Mock<IDmaBufPlugin>();
            mock.Setup(p => p.StartAsync(It.IsAny<IServiceProvider>(), It.IsAny<CancellationToken>()))
                .Callback(() => calls.Add("start " + name)).Returns(Task.CompletedTask);
            mock.Setup(p => p.StopAsync(It.IsAny<CancellationToken>())).Returns(() =>
            {
                calls.Add("stop " + name);
                return name == "C" ? Task.FromException(new InvalidOperationException("C is stuck"))
                    : name == "A" ? throw new TimeoutException("A timed out") : Task.CompletedTask;
            });
            return new PluginRecord(name, "/p/" + name) { Entry = mock.Object };
        }).ToArray();
        var service = Lifetime(records);

        await service.StartAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<PluginStopException>(() => service.StopAsync(CancellationToken.None));

        Assert.Equal(["start A", "start B", "start C", "stop C", "stop B", "stop A"], calls);
        Assert.Equal(["C", "A"], error.Failures.Select(f => f.Plugin));
        Assert.Equal("2 plugins failed to stop: C (InvalidOperationException: C is stuck); A (TimeoutException: A timed out)", error.Message);
    }

    [Fact]
    public async Task A_plugin_failing_to_start_stops_the_ones_already_started()
    {
        var calls = new List<string>();
        var records = new[] { "A", "B", "C" }.Select(name =>
        {
            var mock = new Mock<IDmaBufPlugin>();
            mock.Setup(p => p.StartAsync(It.IsAny<IServiceProvider>(), It.IsAny<CancellationToken>())).Returns(() =>
            {
                calls.Add("start " + name);
                return name == "B" ? Task.FromException(new IOException("no device node")) : Task.CompletedTask;
            });
            mock.Setup(p => p.StopAsync(It.IsAny<CancellationToken>())).Callback(() => calls.Add("stop " + name)).Returns(Task.CompletedTask);
            return new PluginRecord(name, "/p/" + name) { Entry = mock.Object };
        }).ToArray();

        var error = await Assert.ThrowsAsync<PluginFailureException>(() => Lifetime(records).StartAsync(CancellationToken.None));

        Assert.Equal(["start A", "start B", "stop A"], calls);
        Assert.Equal("B", error.Plugin);
        Assert.Equal("plugin B (/p/B) failed to start: IOException: no device node", error.Message);
    }

    private static PluginLifetimeService Lifetime(PluginRecord[] records)
    {
        var set = new PluginSet(records, new DeviceRegistry([]), MemoryMap.SystemDefault);
        return new PluginLifetimeService(set, new ServiceCollection().BuildServiceProvider(), Options.Create(new FaultOptions()), NullLogger<PluginLifetimeService>.Instance);
    }
}
