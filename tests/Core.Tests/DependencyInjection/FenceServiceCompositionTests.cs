using Microsoft.Extensions.DependencyInjection;

namespace PluggableDmaBuf.Core.Tests.DependencyInjection;

/// <summary>A test or a plugin gets real timelines and fences from the composed services, through the Abstractions alone.</summary>
public sealed class FenceServiceCompositionTests
{
    [Fact]
    public async Task A_timeline_from_the_composed_fence_service_orders_and_signals_its_fences()
    {
        using var provider = new ServiceCollection().AddDmaBufCore().BuildServiceProvider();
        var fences = provider.GetRequiredService<IFenceService>();
        var timeline = fences.CreateTimeline("probe0.render");
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();
        var both = fences.Merge(first, second);

        Assert.False(both.IsSignaled);
        Assert.True(timeline.Signal(second));

        Assert.True(first.IsSignaled);
        Assert.True(await both.TryWaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2UL, timeline.Signaled);
        Assert.True(fences.SignaledFence.IsSignaled);
    }

    [Fact]
    public void A_failed_fence_carries_its_error_to_a_merged_fence()
    {
        using var provider = new ServiceCollection().AddDmaBufCore().BuildServiceProvider();
        var fences = provider.GetRequiredService<IFenceService>();
        var timeline = fences.CreateTimeline("probe0.render");
        var fence = timeline.CreateFence();
        var other = fences.CreateTimeline("other");
        var merged = fences.Merge(fence, other.CreateFence());

        timeline.Signal(fence, new InvalidOperationException("render failed"));
        Assert.False(merged.IsSignaled);
        other.Advance();

        Assert.True(merged.IsSignaled);
        Assert.Equal("render failed", Assert.IsType<InvalidOperationException>(merged.Error).Message);
    }
}
