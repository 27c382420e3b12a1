namespace Fixture.Dependency;

public static class Greeting
{
    public static string DeviceName => "needs0";
}
