using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Plugins;
using PluggableDmaBuf.Host.Tests.Cli.Support;

namespace PluggableDmaBuf.Host.Tests.Plugins;

/// <summary>The registrar remembers which plugin registered which stages, and what a failed plugin had claimed.</summary>
public sealed class StageRegistrationTests
{
    [Fact]
    public void Each_plugin_record_keeps_its_own_stage_registrations()
    {
        var video = PluginRegistrationTests.Plugin("Video", s => s.AddPipelineStage<ThrowingConstructorStage>());
        var gpu = PluginRegistrationTests.Plugin("Gpu", s => s.AddPipelineStage<ProbeStage>().AddSingleton("unrelated"));
        var services = new ServiceCollection();

        PluginRegistrar.Register([video.Record, gpu.Record], services, MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Equal([typeof(ThrowingConstructorStage).FullName], video.Record.Stages.Select(s => s.TypeName));
        Assert.Equal([typeof(ProbeStage)], gpu.Record.Stages.Select(s => s.StageType));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(PipelineStage)));
    }

    [Fact]
    public void A_failed_plugin_keeps_the_devices_it_claimed_and_no_stage()
    {
        var bad = PluginRegistrationTests.Plugin("Bad", s =>
        {
            s.AddDmaBufDevice(new DeviceDescription("bad0"), DeviceRoles.Exporter);
            s.AddPipelineStage<ProbeStage>();
            throw new InvalidOperationException("no hardware");
        });
        var clash = PluginRegistrationTests.Plugin("Clash", s => s.AddDmaBufDevice(new DeviceDescription("bad0"), DeviceRoles.Importer));

        PluginRegistrar.Register([bad.Record, clash.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Equal(["bad0"], bad.Record.FailedDevices);
        Assert.Empty(bad.Record.Stages);
        Assert.Empty(bad.Record.Devices);
        Assert.Null(clash.Record.Error);
        Assert.Empty(clash.Record.FailedDevices);
    }

    [Fact]
    public void A_keyed_registration_is_listed_as_a_service_and_is_no_stage()
    {
        var plugin = PluginRegistrationTests.Plugin("Keyed", s => s.AddKeyedTransient<PipelineStage, ProbeStage>("spare"));

        PluginRegistrar.Register([plugin.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Null(plugin.Record.Error);
        Assert.Empty(plugin.Record.Stages);
        Assert.Equal([nameof(PipelineStage)], plugin.Record.Services);
    }
}
