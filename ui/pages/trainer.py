from ui.pages.coming_soon import render

render("Trainer")
