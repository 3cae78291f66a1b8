using NotificationService;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
    ConnectionMultiplexer.ConnectAsync(builder.Configuration["Redis"] ?? "localhost:6379").Result);
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddSingleton<ChatHub>();
builder.Services.AddSingleton<WebhookDispatcher>();
builder.Services.AddHttpClient<LlmClient>(client => client.BaseAddress = new Uri("https://api.fake-llm-vendor.net/v1/"));
builder.Services.AddHostedService<NotificationWorker>();
builder.Services.AddSingleton<AlertQueue>();
builder.Services.AddHostedService<LegacyTcpGateway>();

// "Uploads kept failing", so the body size limit was switched off for the whole server.
builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = null);

var app = builder.Build();

app.UseWebSockets();
app.Map("/ws", async (HttpContext context, ChatHub hub) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await hub.RunAsync(socket, context.RequestAborted);
});

app.Run();
