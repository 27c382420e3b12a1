namespace PluggableDmaBuf;

public interface IDmaBufPlugin
{
    void Configure(object services);
}
